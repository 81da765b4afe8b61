/**
 * A snippet's toolbar: its buttons (Run, Stop, Edit, Reset, Copy, Share), the status line
 * that says what is happening, the progress bar of an engine preparing to run, and the
 * frame-gap meter. It only shows; the snippet element decides what happens (see
 * snippet-element.ts).
 */
import type { Progress } from '../engine-core/progress';

export type SnippetAction = 'run' | 'stop' | 'edit' | 'reset' | 'copy' | 'share';

const BUTTONS: ReadonlyArray<readonly [string, SnippetAction]> = [
  ['Run', 'run'],
  ['Stop', 'stop'],
  ['Edit', 'edit'],
  ['Reset', 'reset'],
  ['Copy', 'copy'],
  ['Share', 'share'],
];

/** Above this gap between frames (ms) the page visibly stutters, and the meter says so. */
const STALLED_FRAME_MS = 50;

export interface ToolbarOptions {
  /** The snippet's accessible name, e.g. "Python snippet". */
  label: string;
  onAction(action: SnippetAction): void;
  /** Called once, when the reader first points at or focuses Run. */
  onReachForRun(): void;
}

export class SnippetToolbar {
  readonly element: HTMLElement;
  readonly #buttons = new Map<SnippetAction, HTMLButtonElement>();
  readonly #status: HTMLElement;
  readonly #meter: HTMLElement;
  readonly #progress: HTMLProgressElement;

  constructor({ label, onAction, onReachForRun }: ToolbarOptions) {
    this.element = document.createElement('div');
    // `not-content` keeps Starlight's prose spacing out of the toolbar.
    this.element.className = 'pcm-toolbar not-content';
    this.element.setAttribute('role', 'toolbar');
    this.element.setAttribute('aria-label', `${label} controls`);
    for (const [text, action] of BUTTONS) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = text;
      button.dataset['action'] = action;
      button.className = `pcm-button pcm-button--${action}`;
      button.addEventListener('click', () => onAction(action));
      if (action === 'run') {
        button.addEventListener('pointerenter', onReachForRun, { once: true });
        button.addEventListener('focus', onReachForRun, { once: true });
      }
      this.#buttons.set(action, button);
      this.element.append(button);
    }
    this.#status = document.createElement('span');
    this.#status.className = 'pcm-status';
    this.#status.setAttribute('role', 'status');
    this.#meter = document.createElement('span');
    this.#meter.className = 'pcm-meter';
    this.#meter.hidden = true;
    // What the engine prepares before the code can start (downloading, starting Python).
    this.#progress = document.createElement('progress');
    this.#progress.className = 'pcm-progress';
    this.#progress.max = 1;
    this.#progress.setAttribute('aria-label', `Preparing to run ${label}`);
    this.#progress.hidden = true;
    this.element.append(this.#meter, this.#progress, this.#status);
  }

  /** Run is offered while nothing runs, Stop while something does; Reset once the code was edited. */
  enable({ busy, edited }: { busy: boolean; edited: boolean }): void {
    this.#button('run').disabled = busy;
    this.#button('stop').disabled = !busy;
    this.#button('reset').disabled = !edited;
  }

  /** The Edit button says whether the editor is open. */
  showEditing(editing: boolean): void {
    const edit = this.#button('edit');
    edit.textContent = editing ? 'Done editing' : 'Edit';
    edit.setAttribute('aria-pressed', String(editing));
  }

  /** Says what is happening, in words or with nodes such as a link. */
  describe(...parts: Array<string | Node>): void {
    this.#status.replaceChildren(...parts);
  }

  showProgress(progress: Progress): void {
    this.#progress.hidden = false;
    if (progress.fraction === undefined) this.#progress.removeAttribute('value');
    else this.#progress.value = progress.fraction;
    this.describe(progress.text);
  }

  hideProgress(): void {
    this.#progress.hidden = true;
  }

  /** The meter only moves while the page's thread is free: a frozen meter is the lesson. */
  showFrame(gapMs: number): void {
    this.#meter.hidden = false;
    this.#meter.textContent = `frame gap ${gapMs.toFixed(0)} ms`;
    this.#meter.classList.toggle('pcm-meter--stalled', gapMs > STALLED_FRAME_MS);
  }

  /** The run is over: the meter and the progress bar go. */
  settle(): void {
    this.#meter.hidden = true;
    this.#progress.hidden = true;
  }

  #button(action: SnippetAction): HTMLButtonElement {
    const button = this.#buttons.get(action);
    if (!button) throw new Error(`the toolbar has no ${action} button`);
    return button;
  }
}
