/**
 * The measurement model shared by every engine: a run produces spans on named lanes
 * (a thread, a process, a task, a worker), and everything the reader sees — wall time,
 * CPU time, parallelism, the timeline — is computed from those spans alone.
 */

/** What a lane was doing during a span. Only `run` counts as CPU time. */
export type SpanKind = 'run' | 'gil-wait' | 'sleep' | 'io' | 'spawn' | 'blocked' | 'transfer' | 'wait' | 'mark';

export interface Span {
  lane: string;
  kind: SpanKind;
  /** Milliseconds from the start of the run. */
  start: number;
  end: number;
  label?: string;
}

export interface LaneSpans {
  name: string;
  spans: Array<Omit<Span, 'lane'>>;
}

/** The page contract's `data-summary`: at least these fields, more per engine. */
export interface RunSummary {
  wall_ms: number;
  cpu_ms: number;
  parallelism: number;
  lanes: LaneSpans[];
}

/** Rounds to 0.01 ms, below the 5 µs timer resolution of an isolated page's clock. */
const round = (ms: number): number => Math.round(ms * 100) / 100;

/** Merges overlapping intervals so time covered twice is counted once. */
export function unionLength(intervals: ReadonlyArray<readonly [number, number]>): number {
  const sorted = intervals.filter(([start, end]) => end > start).toSorted((a, b) => a[0] - b[0]);
  let total = 0;
  let currentStart = Number.NEGATIVE_INFINITY;
  let currentEnd = Number.NEGATIVE_INFINITY;
  for (const [start, end] of sorted) {
    if (start > currentEnd) {
      if (currentEnd > currentStart) total += currentEnd - currentStart;
      currentStart = start;
      currentEnd = end;
    } else if (end > currentEnd) {
      currentEnd = end;
    }
  }
  if (currentEnd > currentStart) total += currentEnd - currentStart;
  return total;
}

/** Groups spans by lane, keeping lanes in order of first appearance and spans in time order. */
export function lanesOf(spans: readonly Span[]): LaneSpans[] {
  const lanes = new Map<string, LaneSpans>();
  for (const { lane, ...rest } of spans) {
    let entry = lanes.get(lane);
    if (!entry) {
      entry = { name: lane, spans: [] };
      lanes.set(lane, entry);
    }
    entry.spans.push({ ...rest, start: round(rest.start), end: round(rest.end) });
  }
  for (const entry of lanes.values()) entry.spans.sort((a, b) => a.start - b.start || a.end - b.end);
  // Spans arrive in the order they end; readers expect lanes in the order they started,
  // with "worker 2" before "worker 10" when they start together.
  const firstStart = (lane: LaneSpans): number => lane.spans[0]?.start ?? 0;
  return [...lanes.values()].sort(
    (a, b) => firstStart(a) - firstStart(b) || a.name.localeCompare(b.name, 'en', { numeric: true }),
  );
}

/** Merges a list of intervals into disjoint, sorted intervals. */
function mergeIntervals(intervals: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const sorted = intervals.filter(([start, end]) => end > start).toSorted((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of sorted) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/**
 * CPU time: per lane, the union of its running spans, summed over lanes. With `cores`, at
 * most that many lanes count at any instant: a browser reports when a worker was busy, not
 * when the operating system actually ran it, and four busy workers on two cores share them.
 */
export function cpuTime(spans: readonly Span[], cores = Number.POSITIVE_INFINITY): number {
  const byLane = new Map<string, Array<[number, number]>>();
  for (const span of spans) {
    if (span.kind !== 'run') continue;
    const list = byLane.get(span.lane) ?? [];
    list.push([span.start, span.end]);
    byLane.set(span.lane, list);
  }
  const events: Array<[number, number]> = [];
  let total = 0;
  for (const list of byLane.values()) {
    for (const [start, end] of mergeIntervals(list)) {
      total += end - start;
      events.push([start, 1], [end, -1]);
    }
  }
  if (!Number.isFinite(cores) || byLane.size <= cores) return total;
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let clamped = 0;
  let active = 0;
  let previous = events[0]?.[0] ?? 0;
  for (const [time, delta] of events) {
    clamped += Math.min(active, cores) * (time - previous);
    active += delta;
    previous = time;
  }
  return clamped;
}

/** The largest number of lanes running at the same instant. */
export function peakParallelism(spans: readonly Span[]): number {
  const events: Array<[number, number]> = [];
  for (const span of spans) {
    if (span.kind !== 'run' || span.end <= span.start) continue;
    events.push([span.start, 1], [span.end, -1]);
  }
  // Ends sort before starts at the same instant, so back-to-back spans do not count as overlap.
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let peak = 0;
  for (const [, delta] of events) {
    current += delta;
    peak = Math.max(peak, current);
  }
  return peak;
}

/**
 * Summarises a run. `wallMs` is the run's own measured duration when the engine knows it;
 * otherwise the spans' extent is used. `cores` caps how many lanes count as running at once.
 */
export function summarize(spans: readonly Span[], wallMs?: number, cores?: number): RunSummary {
  const extent = spans.length === 0 ? 0 : Math.max(...spans.map((span) => span.end));
  const wall = wallMs ?? extent;
  const cpu = cpuTime(spans, cores);
  return {
    wall_ms: round(wall),
    cpu_ms: round(cpu),
    parallelism: wall > 0 ? Math.round((cpu / wall) * 100) / 100 : 0,
    lanes: lanesOf(spans),
  };
}

/**
 * Collects spans while a run is in progress. Times are taken from `now` (performance.now()
 * in the browser) and stored relative to the moment the recorder was created.
 */
export class TraceRecorder {
  readonly #now: () => number;
  readonly #origin: number;
  readonly #spans: Span[] = [];

  constructor(now: () => number = () => performance.now(), origin?: number) {
    this.#now = now;
    this.#origin = origin ?? now();
  }

  /** Milliseconds since the run started. */
  elapsed(): number {
    return this.#now() - this.#origin;
  }

  /** Starts a span now; the returned function ends it and returns the finished span. */
  begin(lane: string, kind: SpanKind, label?: string): () => Span {
    const start = this.elapsed();
    let done: Span | undefined;
    return () => {
      if (!done) {
        done = { lane, kind, start, end: this.elapsed(), ...(label === undefined ? {} : { label }) };
        this.#spans.push(done);
      }
      return done;
    };
  }

  /** Adds a span measured elsewhere (a worker's clock, already relative to this run). */
  add(span: Span): void {
    this.#spans.push(span);
  }

  spans(): readonly Span[] {
    return this.#spans;
  }
}
