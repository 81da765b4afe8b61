/**
 * <pcm-experiment>: several runnable snippets compared. It adds a "Run all" button that
 * runs its snippets one after another (so they do not compete for cores), a result table
 * with wall time, CPU time, parallelism and the ratio to the first snippet, and the
 * timelines stacked on one shared time axis so their lengths can be compared by eye.
 * When its snippets have native recordings, the table adds CPython's recorded figure and
 * ratio, and a note compares the reader's ratios with CPython's. When every snippet printed
 * its own timing, those printed figures are what it compares (measured.ts), so start-up a
 * snippet times apart from its work stays apart in the table too.
 */
import type { RunSummary } from '../engine-core/trace';
import { measured } from './measured';
import { experimentComparison, formatRatio, recordedWhere } from './native';
import type { SnippetElement, SnippetRunDetail } from './snippet-element';
import { formatMs, timelineFigure } from './summary-view';

interface Result {
  summary: RunSummary;
  /** The run was of code the reader had changed, so no recording applies to it. */
  edited: boolean;
  /** What the run printed. */
  output: string;
}

export class ExperimentElement extends HTMLElement {
  #results = new Map<SnippetElement, Result>();
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
      const output = snippet.querySelector('[data-output]')?.textContent ?? '';
      if (detail.state === 'done')
        this.#results.set(snippet, { summary: detail.summary, edited: detail.edited, output });
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
    const snippets = this.snippets;
    const rows = snippets.flatMap((snippet, index) => {
      const result = this.#results.get(snippet);
      return result ? [{ snippet, index, ...result, title: snippet.dataset['title'] ?? `Snippet ${index + 1}` }] : [];
    });
    if (rows.length === 0) {
      this.#panel.hidden = true;
      return;
    }
    const baselineFirst = rows[0]?.index === 0;
    const axisMs = Math.max(...rows.map((row) => row.summary.wall_ms));
    // Recorded figures sit beside live ones only when the experiment has them (Python ones do).
    const recorded = snippets.map((snippet) => snippet.nativeFigures);
    const firstRecorded = recorded.find((figures) => figures !== undefined);
    const figures = measured(
      rows.map((row) => ({
        wallMs: row.summary.wall_ms,
        output: row.output,
        native: row.edited ? undefined : recorded[row.index],
      })),
    );
    const printed = figures.basis === 'printed';
    const [base, baseNative] = [figures.live[0] ?? 0, figures.native[0]];

    const table = document.createElement('table');
    table.className = 'pcm-results';
    const caption = table.createCaption();
    const compares = printed ? 'the time each snippet measured and printed' : 'each wall time';
    caption.textContent = baselineFirst
      ? `Results; the ratio compares ${compares} with the first snippet’s`
      : 'Results; run the first snippet to compare against it';
    if (firstRecorded) {
      const sameEverywhere = recorded.every(
        (figures) => !figures || recordedWhere(figures) === recordedWhere(firstRecorded),
      );
      caption.textContent += sameEverywhere
        ? `. The CPython columns were recorded with ${recordedWhere(firstRecorded)}, not measured now`
        : '. The CPython columns were recorded natively (each snippet says where and when), not measured now';
    }
    const columns = ['Snippet', ...(printed ? ['Measured'] : []), 'Wall time', 'CPU time', 'Parallelism'];
    columns.push('Ratio to first');
    if (firstRecorded) {
      columns.push(printed ? 'CPython measured (recorded)' : 'CPython wall (recorded)', 'CPython ratio (recorded)');
    }
    const head = table.createTHead().insertRow();
    for (const text of columns) {
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
      name.textContent = row.title;
      tr.append(name);
      const live = figures.live[position] ?? 0;
      const ratio = baselineFirst && base > 0 ? formatRatio(live / base) : '—';
      const cells = [
        ...(printed ? [formatMs(live)] : []),
        formatMs(row.summary.wall_ms),
        formatMs(row.summary.cpu_ms),
        `${row.summary.parallelism.toFixed(2)}×`,
        ratio,
      ];
      if (firstRecorded) {
        cells.push(...nativeCells(row.edited, recorded[row.index] !== undefined, figures.native[position], baseNative));
      }
      for (const text of cells) tr.insertCell().textContent = text;
    });

    // The reader's ratios beside CPython's, for runs of the page's own code.
    const compared = experimentComparison(
      (baselineFirst ? rows : []).map((row, position) => ({
        title: row.title,
        liveWallMs: figures.live[position] ?? 0,
        nativeWallMs: figures.native[position],
      })),
    );
    const notes: HTMLElement[] = [];
    if (compared.length > 0) {
      const note = document.createElement('div');
      note.className = 'pcm-native not-content';
      note.setAttribute('role', 'note');
      note.setAttribute('aria-label', 'Your run compared with native CPython');
      const intro = document.createElement('p');
      intro.textContent = 'Your ratios to the first snippet, beside CPython’s recorded ones:';
      const list = document.createElement('ul');
      for (const line of compared) list.append(Object.assign(document.createElement('li'), { textContent: line }));
      note.append(intro, list);
      notes.push(note);
    }

    const timelines = document.createElement('div');
    timelines.className = 'pcm-experiment__timelines';
    for (const row of rows) {
      timelines.append(timelineFigure(row.summary, row.title, axisMs));
    }
    // On narrow screens the table scrolls inside its own focusable box, not the page.
    const scroller = document.createElement('div');
    scroller.className = 'pcm-results-scroll';
    scroller.tabIndex = 0;
    scroller.setAttribute('role', 'group');
    scroller.setAttribute('aria-label', 'Results table');
    scroller.append(table);
    this.#panel.replaceChildren(scroller, ...notes, timelines);
    this.#panel.hidden = false;
  }
}

/** The recorded figure and its ratio to the first snippet's natively, or why they are not shown. */
function nativeCells(
  edited: boolean,
  hasRecording: boolean,
  value: number | undefined,
  baseMs: number | undefined,
): [string, string] {
  if (edited) return ['hidden: code edited', '—'];
  if (value === undefined) return [hasRecording ? 'not timed' : 'not recorded', '—'];
  return [formatMs(value), baseMs ? formatRatio(value / baseMs) : '—'];
}
