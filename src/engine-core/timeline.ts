/**
 * Draws a run's lanes as an SVG timeline, with its text alternative (timeline-text.ts) inside.
 * The output is a plain string so the same code serves Astro at build time and the browser after
 * a live run; colours live in src/styles/timeline.css so the drawing follows Starlight's light and
 * dark themes.
 */
import type { LaneSpans, Span, SpanKind } from './trace';
import { EMPTY_TEXT, KIND_LABELS, KIND_ORDER, describeTimeline, kindsOf } from './timeline-text';

export type TimelineSpan = Omit<Span, 'lane'>;

/** A span that may stand for several merged ones; `busyMs` is the time they actually covered. */
export interface CoalescedSpan extends TimelineSpan {
  count: number;
  busyMs: number;
}

export interface TimelineOptions {
  /** The accessible name, placed in the SVG's `<title>`. */
  title: string;
  /** Shared axis length, so stacked timelines in a comparison line up; defaults to the latest span end. */
  axisMs?: number | undefined;
  /** Width in viewBox units; the SVG itself always stretches to its container. */
  width?: number | undefined;
  /** Prefix for the ids inside the SVG; without one a counter keeps ids unique per call. */
  idPrefix?: string | undefined;
  /** The run's wall time, used as the base of the percentages in the description. */
  wallMs?: number | undefined;
}

const DEFAULT_WIDTH = 720;
const LABEL_WIDTH = 110;
const RIGHT_PAD = 8;
const ROW_HEIGHT = 22;
const BAR_HEIGHT = 16;
const TOP = 4;
const AXIS_HEIGHT = 26;
const LANE_NAME_CHARS = 15;
/** Above this many spans a lane is coalesced: the reader cannot see more slices than pixels anyway. */
const COALESCE_ABOVE = 2000;

/**
 * Pattern fills, so a kind is recognisable without its colour. The shapes use currentColor and
 * take their colour from the pattern's class, because pattern content inherits from the pattern
 * element rather than from the rect that uses it.
 */
const PATTERNS: Partial<Record<SpanKind, { size: number; rotate?: number; shape: string }>> = {
  'gil-wait': {
    size: 6,
    rotate: 45,
    shape:
      '<rect width="6" height="6" fill="currentColor" fill-opacity="0.3"/><rect width="2.5" height="6" fill="currentColor"/>',
  },
  transfer: {
    size: 4,
    shape:
      '<rect width="4" height="4" fill="currentColor" fill-opacity="0.2"/><rect width="4" height="2" fill="currentColor"/>',
  },
  spawn: {
    size: 4,
    shape:
      '<rect width="4" height="4" fill="currentColor" fill-opacity="0.15"/><circle cx="2" cy="2" r="1" fill="currentColor"/>',
  },
};

let idCounter = 0;

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * Escapes text for XML content and attributes. Lane names and labels come from the reader's code,
 * so control characters and lone surrogates, which no XML parser accepts, become U+FFFD as well.
 */
export function escapeXml(text: string): string {
  return text
    .toWellFormed()
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
    .replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/**
 * Ticks from 0 with a step of 1, 2, 2.5 or 5 times a power of ten, giving 4 to 6 ticks whose last
 * one is at or just past `maxMs`. The timeline uses that last tick as the end of its axis, so the
 * axis is labelled right to its end.
 */
export function niceTicks(maxMs: number): number[] {
  const max = Number.isFinite(maxMs) && maxMs > 0 ? maxMs : 1;
  // With max / 5 in [m, 10m), a step of 10m always gives at most 5 intervals, and the smallest
  // step that does gives at least 3, because each candidate is at most 2.5 times the previous.
  const magnitude = 10 ** Math.floor(Math.log10(max / 5));
  for (const factor of [1, 2, 2.5, 5, 10]) {
    const step = factor * magnitude;
    // The tolerance keeps float noise such as 3.0000000000000004 from adding a whole interval.
    const intervals = Math.max(1, Math.ceil(max / step - 1e-9));
    if (intervals <= 5) return Array.from({ length: intervals + 1 }, (_, i) => Number((i * step).toPrecision(12)));
  }
  return [0, max];
}

/** A tick label: milliseconds, or seconds once the axis runs past two seconds. */
function tickLabel(ms: number, inSeconds: boolean): string {
  if (ms === 0) return '0';
  return inSeconds ? `${Number((ms / 1000).toPrecision(12))} s` : `${ms} ms`;
}

const num = (value: number): string => String(Math.round(value * 100) / 100);

/**
 * Merges spans of the same kind whose gap is under `msPerUnit`, i.e. under one drawn unit.
 * Neighbours are taken per kind, not in overall time order: in a trace of 100k GIL switches the
 * next span is always of the other kind, so only a per-kind merge bounds the output, to about
 * one span per unit of width for each kind.
 */
export function coalesce(spans: readonly TimelineSpan[], msPerUnit: number): CoalescedSpan[] {
  const byKind = new Map<SpanKind, TimelineSpan[]>();
  for (const span of spans) {
    const list = byKind.get(span.kind) ?? [];
    list.push(span);
    byKind.set(span.kind, list);
  }
  const merged: CoalescedSpan[] = [];
  for (const list of byKind.values()) {
    let current: CoalescedSpan | undefined;
    for (const span of list.toSorted((a, b) => a.start - b.start)) {
      const duration = Math.max(0, span.end - span.start);
      if (current && span.start - current.end < msPerUnit) {
        current.end = Math.max(current.end, span.end);
        current.count += 1;
        current.busyMs += duration;
        delete current.label;
      } else {
        current = { ...span, count: 1, busyMs: duration };
        merged.push(current);
      }
    }
  }
  return merged.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** A span's tooltip: lane, kind, label and times, plus how much a merged span really covered. */
function spanTitle(lane: string, span: TimelineSpan & Partial<CoalescedSpan>): string {
  const label = span.label ? ` — ${span.label}` : '';
  const time = span.end === span.start ? `at ${num(span.start)}` : `${num(span.start)}–${num(span.end)}`;
  const count = span.count ?? 1;
  const busy = Math.round(((span.busyMs ?? 0) / Math.max(span.end - span.start, 1e-9)) * 100);
  return `${lane}: ${KIND_LABELS[span.kind]}${label}, ${time} ms${count > 1 ? ` (${count} spans merged, busy ${busy}%)` : ''}`;
}

/** Renders the lanes as an SVG string: one row per lane, a shared time axis, a tooltip per span. */
export function renderTimeline(lanes: readonly LaneSpans[], options: TimelineOptions): string {
  const width = Math.max(LABEL_WIDTH + RIGHT_PAD + 100, options.width ?? DEFAULT_WIDTH);
  const prefix = (options.idPrefix ?? `pcm-timeline-${++idCounter}`).replace(/[^\w-]/g, '_');
  const open = (height: number): string =>
    `<svg xmlns="http://www.w3.org/2000/svg" class="pcm-timeline" role="img" aria-labelledby="${prefix}-title" aria-describedby="${prefix}-desc"` +
    ` viewBox="0 0 ${width} ${height}" width="100%" font-size="12">` +
    `<title id="${prefix}-title">${escapeXml(options.title)}</title>` +
    `<desc id="${prefix}-desc">${escapeXml(describeTimeline(lanes, options.wallMs))}</desc>`;

  let latest = 0;
  for (const lane of lanes) for (const span of lane.spans) latest = Math.max(latest, span.end);
  if (!lanes.some((lane) => lane.spans.length > 0)) {
    const height = ROW_HEIGHT * 2;
    return `${open(height)}<text class="pcm-timeline__empty" x="${width / 2}" y="${height / 2}" text-anchor="middle" dominant-baseline="middle">${EMPTY_TEXT}</text></svg>`;
  }

  const ticks = niceTicks(options.axisMs ?? latest);
  const domain = ticks.at(-1) ?? 1;
  const plotWidth = width - LABEL_WIDTH - RIGHT_PAD;
  const msPerUnit = domain / plotWidth;
  const x = (ms: number): number => LABEL_WIDTH + Math.min(Math.max(ms, 0), domain) / msPerUnit;
  const axisY = TOP + lanes.length * ROW_HEIGHT + 2;
  const used = new Set<SpanKind>();

  const rows = lanes.map((lane, row) => {
    const rowTop = TOP + row * ROW_HEIGHT;
    const coalesced = lane.spans.length > COALESCE_ABOVE;
    const spans: ReadonlyArray<TimelineSpan & Partial<CoalescedSpan>> = coalesced
      ? coalesce(lane.spans, msPerUnit)
      : lane.spans;
    // Merged spans of different kinds overlap, so each kind gets its own band of the bar
    // instead of hiding the others; interleaved running and waiting then reads as both.
    const bands = coalesced ? kindsOf([lane]).filter((kind) => kind !== 'mark') : [];
    const name = Array.from(lane.name);
    const shortName = name.length > LANE_NAME_CHARS ? `${name.slice(0, LANE_NAME_CHARS - 1).join('')}…` : lane.name;
    let out =
      `<text class="pcm-timeline__lane" x="4" y="${rowTop + ROW_HEIGHT / 2}" dominant-baseline="middle">${escapeXml(shortName)}` +
      `${shortName === lane.name ? '' : `<title>${escapeXml(lane.name)}</title>`}</text>`;
    // Marks are drawn last so a span starting at the same instant cannot cover them.
    for (const span of [...spans.filter((s) => s.kind !== 'mark'), ...spans.filter((s) => s.kind === 'mark')]) {
      if (span.end < 0 || span.start > domain) continue;
      used.add(span.kind);
      const left = x(span.start);
      // A minimum width keeps sub-unit spans and instant marks visible.
      const rectWidth = Math.max(1, x(span.end) - left);
      let y = rowTop + (ROW_HEIGHT - BAR_HEIGHT) / 2;
      let height = BAR_HEIGHT;
      if (span.kind === 'mark') {
        y = rowTop + 1;
        height = ROW_HEIGHT - 2;
      } else if (bands.length > 1) {
        height = BAR_HEIGHT / bands.length;
        y += bands.indexOf(span.kind) * height;
      }
      const tip = spanTitle(lane.name, span);
      const fill = PATTERNS[span.kind] ? ` fill="url(#${prefix}-${span.kind})"` : '';
      out += `<rect class="pcm-span pcm-span--${span.kind}" x="${num(left)}" y="${num(y)}" width="${num(rectWidth)}" height="${num(height)}"${fill}><title>${escapeXml(tip)}</title></rect>`;
    }
    return out;
  });

  const defs = KIND_ORDER.filter((kind) => used.has(kind) && PATTERNS[kind])
    .map((kind) => {
      const { size, rotate, shape } = PATTERNS[kind] ?? { size: 1, shape: '' };
      const transform = rotate ? ` patternTransform="rotate(${rotate})"` : '';
      return `<pattern id="${prefix}-${kind}" class="pcm-pattern pcm-pattern--${kind}" patternUnits="userSpaceOnUse" width="${size}" height="${size}"${transform}>${shape}</pattern>`;
    })
    .join('');
  const inSeconds = domain > 2000;
  const grid = ticks.map((tick) => `<line x1="${num(x(tick))}" x2="${num(x(tick))}" y1="${TOP}" y2="${axisY}"/>`);
  const axis = ticks.map((tick, i) => {
    // The end labels are anchored inwards so they stay inside the viewBox.
    const anchor = i === 0 ? 'start' : i === ticks.length - 1 ? 'end' : 'middle';
    return (
      `<line x1="${num(x(tick))}" x2="${num(x(tick))}" y1="${axisY}" y2="${axisY + 4}"/>` +
      `<text x="${num(x(tick))}" y="${axisY + 17}" text-anchor="${anchor}">${tickLabel(tick, inSeconds)}</text>`
    );
  });
  return (
    open(axisY + AXIS_HEIGHT) +
    (defs ? `<defs>${defs}</defs>` : '') +
    `<g class="pcm-timeline__grid" aria-hidden="true">${grid.join('')}</g>` +
    `<g class="pcm-timeline__lanes">${rows.join('')}</g>` +
    `<g class="pcm-timeline__axis" aria-hidden="true"><line class="pcm-timeline__axis-line" x1="${LABEL_WIDTH}" x2="${num(x(domain))}" y1="${axisY}" y2="${axisY}"/>${axis.join('')}</g>` +
    '</svg>'
  );
}
