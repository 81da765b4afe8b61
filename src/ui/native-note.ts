/**
 * The note under a Python snippet that has a native recording: what CPython measured for the
 * page's code, why the browser's figures may differ, and, after a run, how the reader's run
 * compares. Once the reader edits the code it says the recording is hidden instead, because
 * figures recorded for one program say nothing about another. `data-native-state` tells tests
 * and styles which is shown (`recorded` or `hidden`).
 */
import { browserDifference, EDITED_NOTE, recordedLine, type NativeFigures } from './native';

export type NativeNoteState = 'recorded' | 'hidden';

function paragraph(text: string, modifier: string): HTMLParagraphElement {
  const element = document.createElement('p');
  element.className = `pcm-native__${modifier}`;
  element.textContent = text;
  return element;
}

export class NativeNote {
  readonly element: HTMLElement;
  readonly #lines: HTMLParagraphElement[];
  #comparison: string | undefined;
  #state: NativeNoteState | undefined;

  /** `source` is the page's code, the program the recording was made from. */
  constructor(figures: NativeFigures, source: string) {
    this.element = document.createElement('div');
    // `not-content` keeps Starlight's prose spacing out of it, as for the rest of the snippet.
    this.element.className = 'pcm-native not-content';
    this.element.setAttribute('role', 'note');
    this.element.setAttribute('aria-label', 'Recorded with native CPython');
    this.#lines = [paragraph(recordedLine(figures), 'line')];
    const why = figures.status === 'ok' ? browserDifference(source, figures) : undefined;
    if (why) this.#lines.push(paragraph(why, 'why'));
  }

  /** Shows the recording for the page's code, or the note that hides it for edited code. */
  show(edited: boolean): void {
    const state: NativeNoteState = edited ? 'hidden' : 'recorded';
    if (state === this.#state) return;
    this.#state = state;
    this.#render();
  }

  /** Sets (or, with undefined, clears) the line comparing the last run with the recording. */
  compare(line: string | undefined): void {
    this.#comparison = line;
    this.#render();
  }

  #render(): void {
    this.element.dataset['nativeState'] = this.#state ?? 'recorded';
    if (this.#state === 'hidden') {
      this.element.replaceChildren(paragraph(EDITED_NOTE, 'hidden'));
      return;
    }
    const comparison = this.#comparison ? [paragraph(this.#comparison, 'compare')] : [];
    this.element.replaceChildren(...this.#lines, ...comparison);
  }
}
