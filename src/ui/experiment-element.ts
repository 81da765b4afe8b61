/**
 * <pcm-experiment>: several runnable snippets compared. It adds a "Run all" button that
 * runs its snippets one after another (so they do not compete for cores), a result table
 * with wall time, CPU time, parallelism and the ratio to the first snippet, and the
 * timelines stacked on one shared time axis so their lengths can be compared by eye.
 */
import { ratiosToBaseline, type RunSummary } from '../engine-core/trace';
import type { SnippetElement, SnippetRunDetail } from './snippet-element';
import { formatMs, timelineFigure } from './summary-view';

export class ExperimentElement extends HTMLElement {
  #results = new Map<SnippetElement, RunSummary>();
  #panel!: HTMLElement;
  #runAll!: HTMLButtonElement;
  #built = false;

  get snippets(): SnippetElement[] {
    return [...this.querySelectorAll<SnippetElement>('pcm-snippet')];
  }

  connectedCallback(): void {
    if (this.#built) return;
    this.#built = true;
    const title = this.dataset['title'] ?? 'Experiment';
    this.setAttribute('role', 'region');
    this.setAttribute('aria-label', title);

    const header = document.createElement('div');
    header.className = 'pcm-experiment__header not-content';
    const heading = document.createElement('p');
    heading.className = 'pcm-experiment__title';
    heading.textContent = title;
    this.#runAll = document.createElement('button');
    this.#runAll.type = 'button';
    this.#runAll.className = 'pcm-button pcm-button--run';
    this.#runAll.textContent = 'Run all';
    this.#runAll.addEventListener('click', () => void this.runAll());
    header.append(heading, this.#runAll);

    this.#panel = document.createElement('div');
    this.#panel.className = 'pcm-experiment__results not-content';
    this.#panel.hidden = true;
    this.prepend(header);
    this.append(this.#panel);

    this.addEventListener('pcm-run-end', (event) => {
      const detail = (event as CustomEvent<SnippetRunDetail>).detail;
      const snippet = event.target as SnippetElement;
      if (detail.state === 'done') this.#results.set(snippet, detail.summary);
      else this.#results.delete(snippet);
      this.#render();
    });
  }

  async runAll(): Promise<void> {
    this.#runAll.disabled = true;
    this.dataset['state'] = 'running';
    try {
      for (const snippet of this.snippets) await snippet.run();
    } finally {
      this.#runAll.disabled = false;
      this.dataset['state'] = 'done';
    }
  }

  #render(): void {
    const rows = this.snippets
      .map((snippet, index) => ({ snippet, index, summary: this.#results.get(snippet) }))
      .filter(
        (row): row is { snippet: SnippetElement; index: number; summary: RunSummary } => row.summary !== undefined,
      );
    if (rows.length === 0) {
      this.#panel.hidden = true;
      return;
    }
    const baselineFirst = rows[0]?.index === 0;
    const ratios = ratiosToBaseline(rows.map((row) => row.summary));
    const axisMs = Math.max(...rows.map((row) => row.summary.wall_ms));

    const table = document.createElement('table');
    table.className = 'pcm-results';
    const caption = table.createCaption();
    caption.textContent = baselineFirst
      ? 'Results; the ratio compares each wall time with the first snippet’s'
      : 'Results; run the first snippet to compare against it';
    const head = table.createTHead().insertRow();
    for (const text of ['Snippet', 'Wall time', 'CPU time', 'Parallelism', 'Ratio to first']) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = text;
      head.append(th);
    }
    const body = table.createTBody();
    rows.forEach((row, position) => {
      const tr = body.insertRow();
      const name = document.createElement('th');
      name.scope = 'row';
      name.textContent = row.snippet.dataset['title'] ?? `Snippet ${row.index + 1}`;
      tr.append(name);
      const ratio = baselineFirst ? `${(ratios[position] ?? 0).toFixed(2)}×` : '—';
      for (const text of [
        formatMs(row.summary.wall_ms),
        formatMs(row.summary.cpu_ms),
        `${row.summary.parallelism.toFixed(2)}×`,
        ratio,
      ]) {
        tr.insertCell().textContent = text;
      }
    });

    const timelines = document.createElement('div');
    timelines.className = 'pcm-experiment__timelines';
    for (const row of rows) {
      timelines.append(timelineFigure(row.summary, row.snippet.dataset['title'] ?? `Snippet ${row.index + 1}`, axisMs));
    }
    // On narrow screens the table scrolls inside its own focusable box, not the page.
    const scroller = document.createElement('div');
    scroller.className = 'pcm-results-scroll';
    scroller.tabIndex = 0;
    scroller.setAttribute('role', 'group');
    scroller.setAttribute('aria-label', 'Results table');
    scroller.append(table);
    this.#panel.replaceChildren(scroller, timelines);
    this.#panel.hidden = false;
  }
}
