/**
 * The small API that TypeScript/JavaScript snippets call: `sleep` (simulated I/O),
 * `task` and `gather` (asyncio's `create_task` and `gather`), `span` (mark a region) and a
 * `console` whose output streams to the snippet. It records the trace as the code runs:
 * a lane per task, `run` slices between the points where a task yields, `sleep` spans.
 *
 * JavaScript gives no hook for "this task resumed", so the runtime infers slices from its
 * own calls: a slice ends when a task calls `sleep` or finishes, and the task's next slice
 * starts when its sleep timer fires. Awaiting other promises is allowed; those waits are
 * then counted as part of the running slice.
 */
import type { SpanKind, TraceRecorder } from '../../engine-core/trace';
import type { Stream } from '../../engine-core/streams';

export interface RuntimeHost {
  recorder: TraceRecorder;
  write(stream: Stream, text: string): void;
  signal: AbortSignal;
  /** The lane of the snippet's own top-level code. */
  mainLane?: string;
}

export class StoppedError extends Error {
  constructor() {
    super('Stopped by the reader.');
    this.name = 'StoppedError';
  }
}

/** Formats console arguments roughly the way browser consoles print them. */
export function formatArgs(args: readonly unknown[]): string {
  return args
    .map((value) => {
      if (typeof value === 'string') return value;
      if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
      if (typeof value === 'bigint') return `${value}n`;
      if (typeof value === 'function' || typeof value === 'symbol' || value === undefined) return String(value);
      try {
        return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? `${inner}n` : inner));
      } catch {
        return String(value);
      }
    })
    .join(' ');
}

export interface SnippetRuntime {
  console: Pick<Console, 'log' | 'info' | 'warn' | 'error' | 'debug'>;
  sleep(ms: number, label?: string): Promise<void>;
  task<T>(name: string, fn: () => Promise<T> | T): Promise<T>;
  gather<T>(...items: Array<Promise<T> | (() => Promise<T> | T)>): Promise<T[]>;
  span<T>(label: string, fn: () => T, kind?: SpanKind): T;
  now(): number;
  /** Waits for `promise` as a yield point: the current lane shows a `kind` span instead of running. */
  block<T>(promise: Promise<T>, kind: SpanKind, label?: string): Promise<T>;
  /** Opens the main lane's first slice; the engine calls it just before the snippet's code runs. */
  start(): void;
  /** Ends the open slice; the engine calls it when the run is over. */
  finish(): void;
  /** The lane running now, for the engine's bookkeeping. */
  currentLane(): string;
}

export function createRuntime(host: RuntimeHost): SnippetRuntime {
  const { recorder, signal } = host;
  const mainLane = host.mainLane ?? 'main';
  let current = mainLane;
  // The first slice starts when the engine calls `start`, after compiling, so compile time is not run time.
  let endSlice: (() => unknown) | undefined;
  let taskCount = 0;

  const stopSlice = (): void => {
    endSlice?.();
    endSlice = undefined;
  };
  const resume = (lane: string): void => {
    stopSlice();
    current = lane;
    endSlice = recorder.begin(lane, 'run');
  };
  const checkStopped = (): void => {
    if (signal.aborted) throw new StoppedError();
  };

  const log =
    (stream: Stream) =>
    (...args: unknown[]): void => {
      checkStopped();
      host.write(stream, `${formatArgs(args)}\n`);
    };

  const sleep = (ms: number, label?: string): Promise<void> => {
    checkStopped();
    const lane = current;
    stopSlice();
    const endSleep = recorder.begin(lane, 'sleep', label);
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        endSleep();
        reject(new StoppedError());
      };
      const timer = setTimeout(
        () => {
          signal.removeEventListener('abort', onAbort);
          endSleep();
          resume(lane);
          resolve();
        },
        Math.max(0, ms),
      );
      signal.addEventListener('abort', onAbort, { once: true });
    });
  };

  const task = <T>(name: string, fn: () => Promise<T> | T): Promise<T> => {
    checkStopped();
    const parent = current;
    resume(name);
    let result: Promise<T>;
    try {
      result = Promise.resolve(fn());
    } catch (error) {
      result = Promise.reject(error);
    }
    // The task ran synchronously up to its first yield; control is back with the caller.
    if (current === name) resume(parent);
    else current = parent;
    return result.finally(() => {
      if (current === name) stopSlice();
    });
  };

  const gather = async <T>(...items: Array<Promise<T> | (() => Promise<T> | T)>): Promise<T[]> => {
    const caller = current;
    const promises = items.map((item) => {
      if (typeof item !== 'function') return item;
      taskCount += 1;
      return task(`task ${taskCount}`, item);
    });
    stopSlice();
    try {
      return await Promise.all(promises);
    } finally {
      resume(caller);
    }
  };

  const block = <T>(promise: Promise<T>, kind: SpanKind, label?: string): Promise<T> => {
    const lane = current;
    stopSlice();
    const endWait = recorder.begin(lane, kind, label);
    return promise.finally(() => {
      endWait();
      if (!signal.aborted) resume(lane);
    });
  };

  /** Marks a region; when `fn` returns a promise the span lasts until it settles. */
  const span = <T>(label: string, fn: () => T, kind: SpanKind = 'mark'): T => {
    const end = recorder.begin(current, kind, label);
    let result: T;
    try {
      result = fn();
    } catch (error) {
      end();
      throw error;
    }
    if (result instanceof Promise) return result.finally(end) as T;
    end();
    return result;
  };

  return {
    console: {
      log: log('stdout'),
      info: log('stdout'),
      debug: log('stdout'),
      warn: log('stderr'),
      error: log('stderr'),
    },
    sleep,
    task,
    gather,
    span,
    block,
    now: () => recorder.elapsed(),
    start: () => resume(mainLane),
    finish: stopSlice,
    currentLane: () => current,
  };
}
