/**
 * The streamed output of a run: stdout as plain text, stderr in an error style, and notes
 * from the site itself (loading, stopped) set apart. Output is capped so a snippet that
 * prints in a tight loop cannot exhaust the page's memory.
 */
import type { Stream } from '../engine-core/streams';

const MAX_CHARS = 200_000;

export class OutputView {
  readonly element: HTMLPreElement;
  #chars = 0;
  #truncated = false;

  constructor(label: string) {
    this.element = document.createElement('pre');
    this.element.className = 'pcm-output not-content';
    this.element.dataset['output'] = '';
    this.element.tabIndex = 0;
    this.element.setAttribute('aria-label', label);
    this.element.setAttribute('aria-live', 'polite');
    this.element.hidden = true;
  }

  /** What has been written so far, to one stream or (without `stream`) to all. */
  text(stream?: Stream): string {
    const spans = [...this.element.querySelectorAll<HTMLElement>('[data-stream]')];
    return spans
      .filter((span) => stream === undefined || span.dataset['stream'] === stream)
      .map((span) => span.textContent)
      .join('');
  }

  clear(): void {
    this.element.replaceChildren();
    this.element.hidden = true;
    this.#chars = 0;
    this.#truncated = false;
  }

  write(stream: Stream, text: string): void {
    if (this.#truncated) return;
    this.element.hidden = false;
    let chunk = text;
    if (this.#chars + chunk.length > MAX_CHARS) {
      chunk = chunk.slice(0, Math.max(0, MAX_CHARS - this.#chars));
      this.#truncated = true;
    }
    this.#chars += chunk.length;
    const last = this.element.lastElementChild;
    // Consecutive writes to one stream share a span, so a chatty loop adds few nodes.
    if (last instanceof HTMLSpanElement && last.dataset['stream'] === stream) {
      last.append(chunk);
    } else {
      const span = document.createElement('span');
      span.dataset['stream'] = stream;
      span.className = `pcm-stream pcm-stream--${stream}`;
      span.textContent = chunk;
      this.element.append(span);
    }
    if (this.#truncated) {
      const note = document.createElement('span');
      note.dataset['stream'] = 'info';
      note.className = 'pcm-stream pcm-stream--info';
      note.textContent = `\n[output cut off after ${MAX_CHARS.toLocaleString('en')} characters]\n`;
      this.element.append(note);
    }
    this.element.scrollTop = this.element.scrollHeight;
  }
}
