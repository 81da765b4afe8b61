/**
 * Renders a finished run's measurements: wall time, CPU time, effective parallelism, the
 * main-thread heartbeat when there is one, and the timeline with its legend and text
 * alternative. Used by single snippets and by experiments (which pass a shared axis).
 */
import { renderTimeline } from '../engine-core/timeline';
import { describeTimeline, kindsOf, legend } from '../engine-core/timeline-text';
import type { RunSummary } from '../engine-core/trace';

type SummaryLike = RunSummary & {
  heartbeat?: { longest_stall_ms: number; dropped_frames: number };
  longest_loop_stall_ms?: number;
  interpreter_startup_ms?: number;
  process_startup_ms?: number;
  gil_switches?: number;
  longest_gil_wait_ms?: number;
};

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
}

function metric(list: HTMLDListElement, term: string, value: string, hint?: string): void {
  const dt = document.createElement('dt');
  dt.textContent = term;
  const dd = document.createElement('dd');
  dd.textContent = value;
  if (hint) dd.title = hint;
  list.append(dt, dd);
}

/** A figure with the timeline SVG, a legend of the kinds it uses, and its text version. */
export function timelineFigure(summary: RunSummary, title: string, axisMs?: number): HTMLElement {
  const figure = document.createElement('figure');
  figure.className = 'pcm-timeline';
  // The SVG string escapes every name and label that came from the reader's code.
  figure.innerHTML = renderTimeline(summary.lanes, { title: `Timeline: ${title}`, axisMs, wallMs: summary.wall_ms });
  const keys = document.createElement('ul');
  keys.className = 'pcm-legend';
  keys.setAttribute('aria-label', 'Legend');
  for (const { kind, label } of legend(kindsOf(summary.lanes))) {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = `pcm-legend__swatch pcm-legend__swatch--${kind}`;
    swatch.setAttribute('aria-hidden', 'true');
    item.append(swatch, label);
    keys.append(item);
  }
  const details = document.createElement('details');
  const heading = document.createElement('summary');
  heading.textContent = 'Timeline as text';
  const text = document.createElement('p');
  text.textContent = describeTimeline(summary.lanes, summary.wall_ms);
  details.append(heading, text);
  figure.append(keys, details);
  return figure;
}

/**
 * Fills a snippet's summary area. `withTimeline` is false inside an experiment, which draws
 * every snippet's timeline itself on one shared axis.
 */
export function renderSummary(container: HTMLElement, summary: SummaryLike, title: string, withTimeline = true): void {
  const list = document.createElement('dl');
  list.className = 'pcm-metrics';
  metric(list, 'Wall time', formatMs(summary.wall_ms), 'From clicking Run to the end of the run');
  metric(list, 'CPU time', formatMs(summary.cpu_ms), 'Time spent running, summed over every lane');
  metric(list, 'Parallelism', `${summary.parallelism.toFixed(2)}×`, 'CPU time divided by wall time');
  if (summary.heartbeat) {
    metric(list, 'Longest page freeze', formatMs(summary.heartbeat.longest_stall_ms));
    metric(list, 'Dropped frames', String(summary.heartbeat.dropped_frames));
  }
  if (summary.longest_loop_stall_ms !== undefined && summary.lanes.some((lane) => lane.name.startsWith('Task-'))) {
    metric(
      list,
      'Longest loop stall',
      formatMs(summary.longest_loop_stall_ms),
      'The longest time one task held the event loop',
    );
  }
  if (summary.gil_switches !== undefined) {
    metric(list, 'GIL switches', String(summary.gil_switches), 'How often the GIL passed from one thread to another');
    metric(list, 'Longest GIL wait', formatMs(summary.longest_gil_wait_ms ?? 0), 'The longest a thread waited to run');
  }
  if (summary.interpreter_startup_ms !== undefined) {
    metric(
      list,
      'Interpreter start-up',
      formatMs(summary.interpreter_startup_ms),
      'Loading CPython before this run; not part of the wall time',
    );
  }
  if (summary.process_startup_ms !== undefined) {
    metric(
      list,
      'Child processes prepared',
      formatMs(summary.process_startup_ms),
      'Booting child interpreters before this run; not part of the wall time',
    );
  }
  const children: HTMLElement[] = [list];
  if (withTimeline && summary.lanes.length > 0) children.push(timelineFigure(summary, title));
  container.replaceChildren(...children);
}
