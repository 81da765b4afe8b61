/**
 * Turns the Python runtime's raw events into the shared trace model. Python reports what
 * it can observe directly — asyncio task slices, asyncio.sleep and time.sleep — and this
 * fills in the rest: a task is waiting between its slices, and the main thread runs
 * whatever code is not inside the event loop.
 */
import { unionLength, type Span, type SpanKind } from '../../engine-core/trace';

export type PythonEvent = [lane: string, kind: string, start: number, end: number, label: string | null];

const KINDS = new Set<SpanKind>(['run', 'sleep', 'wait', 'io', 'blocked', 'gil-wait', 'spawn', 'transfer', 'mark']);

/** Subtracts the covered intervals from [start, end) and returns what is left. */
function gaps(start: number, end: number, covered: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const sorted = covered.filter(([a, b]) => b > start && a < end).toSorted((x, y) => x[0] - y[0]);
  const result: Array<[number, number]> = [];
  let cursor = start;
  for (const [a, b] of sorted) {
    if (a > cursor) result.push([cursor, a]);
    cursor = Math.max(cursor, b);
  }
  if (cursor < end) result.push([cursor, end]);
  return result;
}

/**
 * `threadLanes` names the lanes of green threads (MainThread included when threads ran):
 * their spans come complete from the GIL scheduler, so nothing is inferred for them.
 */
export function pythonTrace(
  events: readonly PythonEvent[],
  wallMs: number,
  threadLanes: readonly string[] = [],
): Span[] {
  const raw: Span[] = [];
  for (const [lane, kind, start, end, label] of events) {
    if (!KINDS.has(kind as SpanKind) || end < start) continue;
    raw.push({ lane, kind: kind as SpanKind, start, end, ...(label ? { label } : {}) });
  }
  // A time.sleep inside a task happens within one of its slices: the task holds the loop but
  // does not use the CPU, so the slice is split around the sleep.
  const spans: Span[] = [];
  for (const span of raw) {
    if (span.kind !== 'run') {
      spans.push(span);
      continue;
    }
    const sleeps = raw.filter((other) => other.lane === span.lane && other.kind === 'sleep');
    for (const [start, end] of gaps(
      span.start,
      span.end,
      sleeps.map((other) => [other.start, other.end] as const),
    )) {
      spans.push({ ...span, start, end });
    }
  }

  // Between a task's first and last appearance, time it was neither running nor sleeping was
  // spent waiting (on another task, a future, a lock or a queue).
  const threads = new Set(threadLanes);
  const taskLanes = new Set(
    spans.filter((span) => span.lane !== 'MainThread' && !threads.has(span.lane)).map((span) => span.lane),
  );
  for (const lane of taskLanes) {
    const own = spans.filter((span) => span.lane === lane);
    const first = Math.min(...own.map((span) => span.start));
    const last = Math.max(...own.map((span) => span.end));
    for (const [start, end] of gaps(
      first,
      last,
      own.map((span) => [span.start, span.end] as const),
    )) {
      if (end - start > 0.05) spans.push({ lane, kind: 'wait', start, end });
    }
  }

  if (threads.has('MainThread')) return spans;

  // The main thread ran everything outside the event loop's task slices and its own sleeps.
  // While the loop is running (from the first task slice to the last) it is inside asyncio.run.
  const taskSpans = spans.filter((span) => taskLanes.has(span.lane));
  const mainSleeps = spans.filter((span) => span.lane === 'MainThread');
  const loopStart = taskSpans.length > 0 ? Math.min(...taskSpans.map((span) => span.start)) : undefined;
  const loopEnd = taskSpans.length > 0 ? Math.max(...taskSpans.map((span) => span.end)) : undefined;
  const busy: Array<readonly [number, number]> = mainSleeps.map((span) => [span.start, span.end] as const);
  if (loopStart !== undefined && loopEnd !== undefined) {
    busy.push([loopStart, loopEnd]);
    spans.push({ lane: 'MainThread', kind: 'wait', start: loopStart, end: loopEnd, label: 'event loop' });
  }
  for (const [start, end] of gaps(0, wallMs, busy)) spans.push({ lane: 'MainThread', kind: 'run', start, end });
  return spans;
}

/** The longest task slice: while it ran, no other task and no callback could. */
export function longestLoopStall(events: readonly PythonEvent[]): number {
  let longest = 0;
  for (const [lane, kind, start, end] of events) {
    if (kind === 'run' && lane !== 'MainThread') longest = Math.max(longest, end - start);
  }
  return Math.round(longest * 10) / 10;
}

/** Total time covered by sleeps, for summaries. */
export function sleepTime(spans: readonly Span[]): number {
  return unionLength(spans.filter((span) => span.kind === 'sleep').map((span) => [span.start, span.end] as const));
}
