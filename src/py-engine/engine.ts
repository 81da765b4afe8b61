/**
 * The Python engine on the page: starts the interpreter worker on first use, runs snippets
 * in it, and stops them. Stop raises KeyboardInterrupt through Pyodide's interrupt buffer;
 * if the code has not stopped within a second the worker is terminated and a fresh
 * interpreter is started for the next run.
 */
import { proxy, wrap, type Remote } from 'comlink';
import { summarize, type RunSummary } from '../measure/trace';
import type { Chunk } from '../js-engine/output-batcher';
import type { Stream } from '../js-engine/runtime';
import { longestLoopStall, pythonTrace } from './trace-convert';
import type { PythonWorkerApi } from './python-worker';

export type PythonRunSummary = RunSummary & {
  engine: 'python';
  longest_loop_stall_ms: number;
  /** GIL statistics when the run started threads. */
  gil_switches?: number;
  longest_gil_wait_ms?: number;
  /** Set on the run that had to start the interpreter: how long that took. */
  interpreter_startup_ms?: number;
};

export interface PythonRunOutcome {
  state: 'done' | 'error' | 'stopped';
  summary: PythonRunSummary;
}

export interface PythonRunIO {
  write(stream: Stream, text: string): void;
  signal: AbortSignal;
  /** Progress while the interpreter loads (first run on a page, or after a restart). */
  onProgress?: (text: string) => void;
  /** Called when the interpreter is ready and the code starts. */
  onStart?: () => void;
}

const STOP_GRACE_MS = 1000;
const SIGINT = 2;
/** CPython's default `sys.getswitchinterval()`, 5 ms, in microseconds. */
const DEFAULT_SWITCH_INTERVAL_US = 5000;

interface Interpreter {
  worker: Worker;
  api: Remote<PythonWorkerApi>;
  interrupt: Int32Array;
  /** Shared with the switch ticker and the interpreter: [running, switch interval in µs]. */
  control: Int32Array;
  ticker: Worker;
  version: string;
  /** How long loading took, reported with the first run that uses this interpreter. */
  startupMs: number;
  startupReported: boolean;
  /** Where the current run's output goes; swapped per run. */
  sink: { write: (stream: Stream, text: string) => void };
}

let current: Promise<Interpreter> | undefined;

/** Explains, in the reader's terms, why Python cannot run here, or returns undefined. */
export function missingFeature(): string | undefined {
  if (!globalThis.crossOriginIsolated || typeof SharedArrayBuffer === 'undefined') {
    return 'Python needs a cross-origin isolated page (for SharedArrayBuffer), and this one is not. Reload the page; if that does not help, your browser or host blocks it.';
  }
  if (typeof (WebAssembly as unknown as { Suspending?: unknown }).Suspending !== 'function') {
    return 'Python here needs JavaScript Promise Integration (JSPI), which this browser lacks. Chrome and Edge 137 or later have it; Firefox and Safari do not yet.';
  }
  return undefined;
}

declare const __PYODIDE_VERSION__: string;

function indexUrl(): string {
  return new URL(`${import.meta.env.BASE_URL.replace(/\/$/, '')}/pyodide/${__PYODIDE_VERSION__}/`, location.href).href;
}

async function startInterpreter(onProgress?: (text: string) => void): Promise<Interpreter> {
  const started = performance.now();
  onProgress?.('Starting the Python interpreter (CPython compiled to WebAssembly)…');
  const worker = new Worker(new URL('./python-worker.ts', import.meta.url), { type: 'module', name: 'python' });
  const api = wrap<PythonWorkerApi>(worker);
  const interrupt = new Int32Array(new SharedArrayBuffer(4));
  const control = new Int32Array(new SharedArrayBuffer(8));
  control[1] = DEFAULT_SWITCH_INTERVAL_US;
  // The ticker must be running before Python starts, so it is started first.
  const ticker = new Worker(new URL('./switch-ticker.ts', import.meta.url), {
    type: 'module',
    name: 'gil switch ticker',
  });
  ticker.postMessage({ interrupt: interrupt.buffer, control: control.buffer });
  const sink = { write: (_stream: Stream, _text: string): void => {} };
  const failed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) =>
      reject(new Error(event.message || 'the Python worker failed to start')),
    );
  });
  const { version } = await Promise.race([
    api.init(
      indexUrl(),
      interrupt.buffer as SharedArrayBuffer,
      control.buffer as SharedArrayBuffer,
      proxy((chunks: Chunk[]) => {
        for (const [stream, text] of chunks) sink.write(stream, text);
      }),
    ),
    failed,
  ]);
  const startupMs = Math.round(performance.now() - started);
  onProgress?.(`Python ${version} ready in ${(startupMs / 1000).toFixed(1)} s`);
  return { worker, api, interrupt, control, ticker, version, sink, startupMs, startupReported: false };
}

function interpreter(onProgress?: (text: string) => void): Promise<Interpreter> {
  current ??= startInterpreter(onProgress).catch((error: unknown) => {
    current = undefined;
    throw error;
  });
  return current;
}

/** Throws away the interpreter (after a crash or an unstoppable run); the next run starts afresh. */
function discard(instance: Interpreter): void {
  instance.worker.terminate();
  instance.ticker.terminate();
  current = undefined;
}

/** Starts loading the interpreter ahead of a click, e.g. when a Python snippet scrolls into view. */
export function preload(): void {
  if (!missingFeature()) void interpreter().catch(() => {});
}

export async function runPython(source: string, io: PythonRunIO): Promise<PythonRunOutcome> {
  const empty: PythonRunSummary = {
    wall_ms: 0,
    cpu_ms: 0,
    parallelism: 0,
    lanes: [],
    engine: 'python',
    longest_loop_stall_ms: 0,
  };
  const missing = missingFeature();
  if (missing) {
    io.write('stderr', `${missing}\n`);
    return { state: 'error', summary: empty };
  }
  const instance = await interpreter(io.onProgress);
  const startup = instance.startupReported ? undefined : instance.startupMs;
  instance.startupReported = true;
  instance.interrupt[0] = 0;
  instance.sink.write = io.write;

  let stopTimer: ReturnType<typeof setTimeout> | undefined;
  const killed = new Promise<'killed'>((resolve) => {
    const onAbort = (): void => {
      instance.interrupt[0] = SIGINT;
      stopTimer = setTimeout(() => {
        discard(instance);
        resolve('killed');
      }, STOP_GRACE_MS);
    };
    if (io.signal.aborted) onAbort();
    else io.signal.addEventListener('abort', onAbort, { once: true });
  });
  const crashed = new Promise<'crashed'>((resolve) => {
    instance.worker.addEventListener('error', () => resolve('crashed'), { once: true });
  });

  io.onStart?.();
  // The switch ticker (switch-ticker.ts) raises GIL drop requests only while code runs.
  Atomics.store(instance.control, 0, 1);
  Atomics.notify(instance.control, 0);
  const result = await Promise.race([instance.api.run(source), killed, crashed]);
  Atomics.store(instance.control, 0, 0);
  clearTimeout(stopTimer);
  instance.sink.write = () => {};
  if (result === 'killed') {
    io.write(
      'info',
      'Stopped. The code did not respond to KeyboardInterrupt within a second, so the interpreter was restarted.\n',
    );
    return { state: 'stopped', summary: empty };
  }
  if (result === 'crashed') {
    discard(instance);
    io.write('stderr', 'The Python worker crashed (out of memory?). The next run starts a fresh interpreter.\n');
    return { state: 'error', summary: empty };
  }
  // A program that used threads leaves suspended stacks behind (finished threads' JSPI
  // state, daemon threads that CPython would kill at exit), and reusing such an interpreter
  // proved unstable. So it is retired, as a process would exit, and a fresh one starts
  // loading at once in the background for the next run.
  if (result.threads) {
    discard(instance);
    preload();
  }
  // Lanes of threads and of child processes come complete; only the rest is inferred.
  const spans = pythonTrace(result.events, result.wallMs, [...(result.threads?.lanes ?? []), ...result.processLanes]);
  const summary: PythonRunSummary = {
    ...summarize(spans, result.wallMs),
    engine: 'python',
    longest_loop_stall_ms: longestLoopStall(result.events),
    ...(startup === undefined ? {} : { interpreter_startup_ms: startup }),
    ...(result.threads
      ? { gil_switches: result.threads.switches, longest_gil_wait_ms: result.threads.longest_gil_wait_ms }
      : {}),
  };
  if (result.error !== null) {
    const interrupted = io.signal.aborted && result.error.includes('KeyboardInterrupt');
    io.write(interrupted ? 'info' : 'stderr', interrupted ? 'Stopped (KeyboardInterrupt).\n' : result.error);
    return { state: interrupted ? 'stopped' : 'error', summary };
  }
  return { state: 'done', summary };
}
