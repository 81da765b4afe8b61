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

/** CPU time: per lane, the union of its running spans; then summed over lanes. */
export function cpuTime(spans: readonly Span[]): number {
  const byLane = new Map<string, Array<[number, number]>>();
  for (const span of spans) {
    if (span.kind !== 'run') continue;
    const list = byLane.get(span.lane) ?? [];
    list.push([span.start, span.end]);
    byLane.set(span.lane, list);
  }
  let total = 0;
  for (const list of byLane.values()) total += unionLength(list);
  return total;
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
 * otherwise the spans' extent is used.
 */
export function summarize(spans: readonly Span[], wallMs?: number): RunSummary {
  const extent = spans.length === 0 ? 0 : Math.max(...spans.map((span) => span.end));
  const wall = wallMs ?? extent;
  const cpu = cpuTime(spans);
  return {
    wall_ms: round(wall),
    cpu_ms: round(cpu),
    parallelism: wall > 0 ? Math.round((cpu / wall) * 100) / 100 : 0,
    lanes: lanesOf(spans),
  };
}

/** Ratio of each run's wall time to the first run's (the baseline of a comparison). */
export function ratiosToBaseline(summaries: ReadonlyArray<Pick<RunSummary, 'wall_ms'>>): number[] {
  const baseline = summaries[0]?.wall_ms ?? 0;
  return summaries.map((summary) => (baseline > 0 ? Math.round((summary.wall_ms / baseline) * 100) / 100 : 0));
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
