/**
 * A run's lanes in words: the names of span kinds, the legend, and the text alternative of the
 * timeline (one sentence per lane), for screen readers and for the timeline's `<desc>`.
 */
import { unionLength, type LaneSpans, type SpanKind } from './trace';

/** Human names for kinds, in the order legends and descriptions list them. */
export const KIND_LABELS: Readonly<Record<SpanKind, string>> = {
  run: 'running',
  'gil-wait': 'waiting for the GIL',
  sleep: 'sleeping',
  io: 'waiting on I/O',
  spawn: 'starting up',
  blocked: 'blocked',
  transfer: 'copying data',
  wait: 'waiting',
  mark: 'marked',
};
export const KIND_ORDER = Object.keys(KIND_LABELS) as SpanKind[];

/** What a timeline with no spans says, drawn and described. */
export const EMPTY_TEXT = 'Nothing to show: no spans were recorded.';

/** A duration for prose: whole milliseconds, a decimal below 10 ms, seconds above two seconds. */
function formatDuration(ms: number): string {
  if (ms >= 2000) return `${Math.round(ms / 10) / 100} s`;
  return `${ms >= 10 ? Math.round(ms) : Math.round(ms * 10) / 10} ms`;
}

/** The kinds that occur in some lane, in legend order. */
export function kindsOf(lanes: readonly LaneSpans[]): SpanKind[] {
  const seen = new Set<SpanKind>();
  for (const lane of lanes) for (const span of lane.spans) seen.add(span.kind);
  return KIND_ORDER.filter((kind) => seen.has(kind));
}

/** The legend entries for the kinds given, once each and in a fixed order so legends match across runs. */
export function legend(kinds: Iterable<SpanKind>): Array<{ kind: SpanKind; label: string }> {
  const seen = new Set(kinds);
  return KIND_ORDER.filter((kind) => seen.has(kind)).map((kind) => ({ kind, label: KIND_LABELS[kind] }));
}

function describeLane(lane: LaneSpans, wallMs: number | undefined): string {
  if (lane.spans.length === 0) return `${lane.name}: no recorded activity.`;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const span of lane.spans) {
    first = Math.min(first, span.start);
    last = Math.max(last, span.end);
  }
  const base = wallMs ?? last - first;
  const parts = kindsOf([lane]).map((kind, index) => {
    const own = lane.spans.filter((span) => span.kind === kind);
    // Marks are instants, so a share of time would always read 0%: count them instead.
    if (kind === 'mark') return `marked ${own.length} ${own.length === 1 ? 'time' : 'times'}`;
    const ms = unionLength(own.map((span) => [span.start, span.end] as const));
    const percent = base > 0 ? Math.round((ms / base) * 100) : 0;
    const slices = `${own.length} ${own.length === 1 ? 'slice' : 'slices'}`;
    return index === 0
      ? `${KIND_LABELS[kind]} ${percent}% of the time (${formatDuration(ms)} in ${slices})`
      : `${KIND_LABELS[kind]} ${percent}%`;
  });
  return `${lane.name}: ${parts.join(', ')}.`;
}

/**
 * The text alternative: one sentence per lane giving each kind's share of the lane's extent
 * (or of `wallMs`). It is plain text; renderTimeline escapes it when placing it in the SVG.
 */
export function describeTimeline(lanes: readonly LaneSpans[], wallMs?: number): string {
  if (!lanes.some((lane) => lane.spans.length > 0)) return EMPTY_TEXT;
  return lanes.map((lane) => describeLane(lane, wallMs)).join(' ');
}
