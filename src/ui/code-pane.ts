/**
 * The code of a snippet as the reader sees it: the highlighted original the build produced,
 * a plain view of code the reader has changed, or the editor (loaded on demand). It knows
 * the original (the Reset point) and the current code, which is what Run runs.
 */
import type { SnippetLang } from '../engine-core/engine';
import type { SnippetEditor } from './editor';

export interface CodePaneOptions {
  lang: SnippetLang;
  /** The editor's accessible name. */
  label: string;
  /** An id for the keyboard hint shown under the editor. */
  hintId: string;
  onChange(): void;
  onRun(): void;
}

export class CodePane {
  original: string;
  code: string;
  readonly #root: HTMLElement;
  readonly #host: HTMLElement;
  readonly #options: CodePaneOptions;
  #editor: SnippetEditor | undefined;

  /** `root` holds the highlighted block; `host` is where the editor goes. */
  constructor(root: HTMLElement, host: HTMLElement, original: string, options: CodePaneOptions) {
    this.#root = root;
    this.#host = host;
    this.original = original;
    this.code = original;
    this.#options = options;
  }

  get editing(): boolean {
    return this.#editor !== undefined;
  }

  get edited(): boolean {
    return this.code !== this.original;
  }

  async open(focus: boolean): Promise<void> {
    if (this.#editor) return;
    const { createEditor } = await import('./editor');
    this.#host.hidden = false;
    // Tab indents inside the editor, so keyboard users need to know the way out.
    const hint = document.createElement('p');
    hint.className = 'pcm-editor-hint';
    hint.id = this.#options.hintId;
    hint.textContent = 'Tab indents. Press Escape, then Tab, to leave the editor. Ctrl+Enter (⌘+Enter on a Mac) runs.';
    this.#editor = createEditor(this.#host, {
      doc: this.code,
      lang: this.#options.lang,
      label: this.#options.label,
      onChange: (value) => {
        this.code = value;
        this.#options.onChange();
      },
      onRun: this.#options.onRun,
    });
    this.#host.append(hint);
    this.render();
    if (focus) this.#editor.focus();
  }

  close(): void {
    if (!this.#editor) return;
    this.#editor.destroy();
    this.#editor = undefined;
    this.#host.hidden = true;
    this.#host.replaceChildren();
    this.render();
  }

  /** Replaces the code (a shared link's, say); with `asOriginal` it becomes the Reset point. */
  set(code: string, asOriginal = false): void {
    this.code = code;
    if (asOriginal) this.original = code;
    this.render();
  }

  reset(): void {
    this.code = this.original;
    this.close();
    this.render();
  }

  /** Shows the highlighted original, or a plain view of edited code, when not editing. */
  render(): void {
    this.#root.classList.toggle('pcm-editing', this.editing);
    this.#root.classList.toggle('pcm-edited', this.edited);
    let plain = this.#root.querySelector<HTMLPreElement>(':scope > pre.pcm-plain');
    const highlighted = this.#root.querySelector(':scope > .expressive-code') !== null;
    if ((this.edited || !highlighted) && !this.editing) {
      if (!plain) {
        plain = document.createElement('pre');
        plain.className = 'pcm-plain';
        plain.tabIndex = 0;
        this.#root.prepend(plain);
      }
      plain.textContent = this.code;
    } else {
      plain?.remove();
    }
  }
}
