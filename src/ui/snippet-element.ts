/**
 * <pcm-snippet>: a runnable code block. The build wraps each `run` fence in this element
 * with the source in `data-code`; the element adds the controls (Run, Stop, Edit, Reset,
 * Copy, Share), the streamed output and the measured summary, and loads an engine only
 * when the reader clicks Run. Its state is always visible in `data-state`
 * (idle | loading | running | done | error | stopped), and `data-summary` holds the
 * JSON summary of the last finished run. A Python snippet the build found a native recording
 * for (`data-native`) shows it beside the live figures, until the reader edits the code.
 */
import type { RunOutcome } from '../engine-core/engine';
import type { RunSummary } from '../engine-core/trace';
import type { SnippetLang, SnippetTarget } from '../engine-core/engine';
import { OutputView } from './output-view';
import { renderSummary } from './summary-view';
import { shareFragment } from './share';
import { CodePane } from './code-pane';
import { engineFor } from './engines';
import { comparisonLine, parseNative, type NativeFigures } from './native';
import { NativeNote } from './native-note';
import { SnippetToolbar, type SnippetAction } from './snippet-toolbar';

export type SnippetState = 'idle' | 'loading' | 'running' | 'done' | 'error' | 'stopped';

export interface SnippetRunDetail {
  state: SnippetState;
  summary: RunSummary;
  /** Whether the code that ran differed from the page's: a recording does not apply to it. */
  edited: boolean;
}

const LANG_NAMES: Record<SnippetLang, string> = { python: 'Python', ts: 'TypeScript', js: 'JavaScript' };

export class SnippetElement extends HTMLElement {
  #pending: { code: string; asOriginal: boolean } | undefined;
  #controller: AbortController | undefined;
  #pane!: CodePane;
  #output!: OutputView;
  #toolbar!: SnippetToolbar;
  #summary!: HTMLElement;
  #built = false;
  #native: NativeFigures | undefined;
  #nativeNote: NativeNote | undefined;

  get snippetLang(): SnippetLang {
    const lang = this.dataset['lang'];
    return lang === 'ts' || lang === 'js' ? lang : 'python';
  }

  get target(): SnippetTarget {
    return this.dataset['target'] === 'worker' ? 'worker' : 'main';
  }

  get code(): string {
    return this.#pane?.code ?? this.#pending?.code ?? this.dataset['code'] ?? '';
  }

  get state(): SnippetState {
    return (this.dataset['state'] as SnippetState | undefined) ?? 'idle';
  }

  /** The native recording of the page's code, if the build found one. */
  get nativeFigures(): NativeFigures | undefined {
    return this.#native;
  }

  /** Replaces the code (the playground loads shared code this way); it becomes the Reset point. */
  setCode(code: string, options: { asOriginal?: boolean } = {}): void {
    if (!this.#built) {
      this.#pending = { code, asOriginal: options.asOriginal ?? false };
      return;
    }
    this.#pane.set(code, options.asOriginal);
    this.#setState(this.state);
  }

  connectedCallback(): void {
    if (this.#built) return;
    this.#built = true;
    this.dataset['state'] ??= 'idle';
    this.#build();
    if (this.#pending) this.setCode(this.#pending.code, { asOriginal: this.#pending.asOriginal });
    this.#pending = undefined;
  }

  #build(): void {
    const title = this.dataset['title'];
    const label = title ?? `${LANG_NAMES[this.snippetLang]} snippet`;
    this.setAttribute('role', 'group');
    this.setAttribute('aria-label', label);

    const editorHost = document.createElement('div');
    // `not-content` keeps Starlight's prose spacing out of the editor, toolbar and results.
    editorHost.className = 'pcm-editor not-content';
    editorHost.hidden = true;
    this.#pane = new CodePane(this, editorHost, this.dataset['code'] ?? '', {
      lang: this.snippetLang,
      label: `Edit ${label}`,
      hintId: `${this.id || `pcm-snippet-${this.dataset['snippet'] ?? 'playground'}`}-hint`,
      onChange: () => this.#setState(this.state),
      onRun: () => void this.run(),
    });

    this.#toolbar = new SnippetToolbar({
      label,
      onAction: (action) => void this.#onAction(action),
      // An engine that must prepare (Python's interpreter is large) starts as the reader reaches for Run.
      onReachForRun: () => void engineFor(this.snippetLang).then((engine) => engine.preload?.()),
    });

    this.#output = new OutputView(`${label} output`);
    this.#summary = document.createElement('div');
    this.#summary.className = 'pcm-summary not-content';
    this.#summary.hidden = true;

    this.append(editorHost, this.#toolbar.element, this.#output.element, this.#summary);
    this.#native = parseNative(this.dataset['native']);
    if (this.#native) {
      // Shown from the start, so a reader knows what CPython gives before running anything.
      this.#nativeNote = new NativeNote(this.#native, this.dataset['code'] ?? '');
      this.append(this.#nativeNote.element);
    }
    this.#pane.render();
    this.#setState(this.state);
    this.#describe(this.#idleText());
  }

  #idleText(): string {
    const where =
      this.snippetLang === 'python'
        ? 'Python'
        : `${LANG_NAMES[this.snippetLang]} on the ${this.target === 'worker' ? 'worker pool' : 'main thread'}`;
    return `${where} · not run yet`;
  }

  #describe(text: string): void {
    this.#toolbar.describe(text);
  }

  #setState(state: SnippetState): void {
    this.dataset['state'] = state;
    this.#toolbar.enable({ busy: state === 'loading' || state === 'running', edited: this.#pane.edited });
    this.#nativeNote?.show(this.#pane.edited);
  }

  async #onAction(action: SnippetAction): Promise<void> {
    if (action === 'run') await this.run();
    else if (action === 'stop') this.stop();
    else if (action === 'edit') await this.#toggleEditor();
    else if (action === 'reset') this.#reset();
    else if (action === 'copy') await this.#copy();
    else if (action === 'share') await this.#share();
  }

  /** Runs the current code; resolves when the run has finished, failed or been stopped. */
  async run(): Promise<SnippetRunDetail | undefined> {
    if (this.state === 'loading' || this.state === 'running') return undefined;
    const controller = new AbortController();
    this.#controller = controller;
    const edited = this.#pane.edited;
    this.#output.clear();
    this.#summary.hidden = true;
    this.removeAttribute('data-summary');
    this.#nativeNote?.compare(undefined);
    this.#setState('loading');
    this.#describe('Loading the engine…');
    try {
      const outcome = await this.#runWithEngine(controller);
      this.#toolbar.settle();
      this.dataset['summary'] = JSON.stringify(outcome.summary);
      renderSummary(
        this.#summary,
        outcome.summary,
        this.dataset['title'] ?? 'Run',
        this.closest('pcm-experiment') === null,
      );
      this.#summary.hidden = false;
      if (this.#native && !edited && outcome.state === 'done') {
        this.#nativeNote?.compare(comparisonLine(outcome.summary.wall_ms, this.#output.text('stdout'), this.#native));
      }
      this.#setState(outcome.state);
      this.#describe(
        outcome.state === 'done'
          ? `Done in ${outcome.summary.wall_ms.toFixed(0)} ms`
          : outcome.state === 'stopped'
            ? 'Stopped'
            : this.dataset['expect'] === 'error'
              ? 'Failed, as this example intends'
              : 'Failed: see the error below',
      );
      const detail: SnippetRunDetail = { state: outcome.state, summary: outcome.summary, edited };
      this.dispatchEvent(new CustomEvent<SnippetRunDetail>('pcm-run-end', { detail, bubbles: true }));
      return detail;
    } catch (error) {
      this.#toolbar.settle();
      const stopped = controller.signal.aborted;
      this.#output.write(
        stopped ? 'info' : 'stderr',
        stopped
          ? 'Stopped before the program started: the engine was still loading.\n'
          : `Could not run: ${String(error)}\n`,
      );
      this.#setState(stopped ? 'stopped' : 'error');
      this.#describe(stopped ? 'Stopped' : 'Could not start');
      return undefined;
    } finally {
      this.#controller = undefined;
    }
  }

  /** Loads the engine this snippet needs and runs the current code with it. */
  async #runWithEngine(controller: AbortController): Promise<RunOutcome> {
    const engine = await engineFor(this.snippetLang);
    if (controller.signal.aborted) throw new DOMException('stopped', 'AbortError');
    return engine.run(
      { source: this.code, lang: this.snippetLang, target: this.target },
      {
        signal: controller.signal,
        write: (stream, text) => this.#output.write(stream, text),
        onProgress: (progress) => this.#toolbar.showProgress(progress),
        onStart: () => {
          this.#toolbar.hideProgress();
          this.#setState('running');
          this.#describe('Running…');
        },
        onFrame: (gap) => this.#toolbar.showFrame(gap),
      },
    );
  }

  stop(): void {
    this.#controller?.abort();
  }

  /** Opens the editor (the playground starts with it open). */
  async openEditor(): Promise<void> {
    if (!this.#pane.editing) await this.#toggleEditor({ focus: false });
  }

  async #toggleEditor(options: { focus?: boolean } = {}): Promise<void> {
    if (this.#pane.editing) this.#pane.close();
    else await this.#pane.open(options.focus !== false);
    this.#showEditing();
  }

  #showEditing(): void {
    this.#toolbar.showEditing(this.#pane.editing);
    this.#setState(this.state);
  }

  #reset(): void {
    this.#pane.reset();
    this.#showEditing();
    this.#describe('Reset to the original code');
  }

  async #copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.code);
      this.#describe('Copied the code');
    } catch {
      this.#describe('Copying is blocked here; select the code and copy it by hand');
    }
  }

  /** The playground link carrying this code; it never runs until the reader clicks Run. */
  shareUrl(): string {
    const base = `${import.meta.env.BASE_URL.replace(/\/$/, '')}/playground/`;
    return new URL(
      `${base}${shareFragment({ code: this.code, lang: this.snippetLang, target: this.target })}`,
      location.href,
    ).href;
  }

  async #share(): Promise<void> {
    const url = this.shareUrl();
    // The link is always shown, so it works where the clipboard is not available.
    const link = document.createElement('a');
    link.href = url;
    link.textContent = 'playground link';
    link.dataset['shareLink'] = '';
    try {
      await navigator.clipboard.writeText(url);
      this.#toolbar.describe('Copied a ', link, ' to this code');
    } catch {
      this.#toolbar.describe('Share this ', link);
    }
  }
}
