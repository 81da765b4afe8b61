/**
 * The Python engine on the page: starts the interpreter worker on first use, runs snippets
 * in it, and stops them. Stop raises KeyboardInterrupt through Pyodide's interrupt buffer;
 * if the code has not stopped within a second the worker is terminated and a fresh
 * interpreter is started for the next run.
 */
import { wrap, type Remote } from 'comlink';
import { whenAborted, type Engine, type RunIO, type RunOutcome } from '../../engine-core/engine';
import { summarize, type RunSummary } from '../../engine-core/trace';
import { createOutputRing, ringReader, type RingReader } from '../../engine-core/output-ring';
import type { Stream } from '../../engine-core/streams';
import { longestLoopStall, pythonTrace } from './trace-convert';
import type { PythonRunResult, PythonWorkerApi } from './worker';
import { CONTROL, CONTROL_WORDS, DEFAULT_SWITCH_INTERVAL_US, SIGINT } from './constants';
import { pageAssets } from './assets';
import { ENDED_WITH_RUN } from './processes/protocol';

export type PythonRunSummary = RunSummary & {
  engine: 'python';
  longest_loop_stall_ms: number;
  /** GIL statistics when the run started threads. */
  gil_switches?: number;
  longest_gil_wait_ms?: number;
  /** Set on the run that had to start the interpreter: how long that took. */
  interpreter_startup_ms?: number;
};

type PythonRunOutcome = RunOutcome<PythonRunSummary>;

const STOP_GRACE_MS = 1000;

interface Interpreter {
  worker: Worker;
  api: Remote<PythonWorkerApi>;
  interrupt: Int32Array;
  /** Shared with the switch ticker and the interpreter; its words are named by CONTROL. */
  control: Int32Array;
  /** Everything the interpreter and its child processes print, in order. */
  output: RingReader;
  stopWatching: () => void;
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
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'python' });
  const api = wrap<PythonWorkerApi>(worker);
  const interrupt = new Int32Array(new SharedArrayBuffer(4));
  const control = new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * 4));
  control[CONTROL.switchIntervalUs] = DEFAULT_SWITCH_INTERVAL_US;
  const ring = createOutputRing();
  const output = ringReader(ring);
  // The ticker must be running before Python starts, so it is started first.
  const ticker = new Worker(new URL('./switch-ticker.ts', import.meta.url), {
    type: 'module',
    name: 'gil switch ticker',
  });
  ticker.postMessage({ interrupt: interrupt.buffer, control: control.buffer });
  const sink = { write: (_stream: Stream, _text: string): void => {} };
  // Output between runs (a daemon thread still printing) has nowhere to go, as after exit.
  const stopWatching = output.watch((chunks) => {
    for (const [stream, text] of chunks) sink.write(stream, text);
  });
  const failed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) =>
      reject(new Error(event.message || 'the Python worker failed to start')),
    );
  });
  const assets = pageAssets(indexUrl());
  const [module, image] = await Promise.all([assets.module, assets.image()]);
  const { version, image: made } = await Promise.race([
    api.init(
      { indexURL: assets.indexURL, module, image },
      interrupt.buffer as SharedArrayBuffer,
      control.buffer as SharedArrayBuffer,
      ring,
    ),
    failed,
  ]);
  if (made) assets.keep(made);
  const startupMs = Math.round(performance.now() - started);
  onProgress?.(`Python ${version} ready in ${(startupMs / 1000).toFixed(1)} s`);
  return {
    worker,
    api,
    interrupt,
    control,
    output,
    stopWatching,
    ticker,
    version,
    sink,
    startupMs,
    startupReported: false,
  };
}

function interpreter(onProgress?: (text: string) => void): Promise<Interpreter> {
  current ??= startInterpreter(onProgress).catch((error: unknown) => {
    current = undefined;
    throw error;
  });
  return current;
}

/**
 * Throws away the interpreter (after a crash, an unstoppable run, or a run with threads);
 * the next run starts afresh. What it printed is drained first, so nothing is lost.
 */
function discard(instance: Interpreter): void {
  deliver(instance);
  instance.stopWatching();
  instance.worker.terminate();
  instance.ticker.terminate();
  current = undefined;
}

/** Says what Stop ended, beyond the main thread's KeyboardInterrupt (whose traceback is shown). */
function stoppedNote(result: PythonRunResult): string {
  const ended: string[] = [];
  const threads = result.threads?.leftover ?? 0;
  if (threads > 0) ended.push(`${threads} thread${threads === 1 ? '' : 's'} still running`);
  const processes = result.events.filter(([, kind, , , label]) => kind === 'mark' && label === ENDED_WITH_RUN).length;
  if (processes > 0) ended.push(`${processes} child process${processes === 1 ? '' : 'es'} still running`);
  const rest = ended.length > 0 ? `, and ended ${ended.join(' and ')}` : '';
  return `Stopped: KeyboardInterrupt was raised in the main thread${rest}.\n`;
}

/** The status of a `sys.exit(status)` from its report (`SystemExit: 3` or a message). */
function exitStatus(report: string | null): string {
  const code = /^SystemExit: (-?\d+)/.exec(report ?? '')?.[1];
  return code ?? '1';
}

/** Hands everything printed so far to the current run's output. */
function deliver(instance: Interpreter): void {
  for (const [stream, text] of instance.output.drain()) instance.sink.write(stream, text);
}

/** Starts loading the interpreter ahead of a click, e.g. when a Python snippet scrolls into view. */
function preload(): void {
  if (!missingFeature()) void interpreter().catch(() => {});
}

async function runPython(source: string, io: RunIO): Promise<PythonRunOutcome> {
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
  // Stop while the interpreter starts ends the run at once; loading goes on for the next run.
  const loaded = await Promise.race([interpreter(io.onProgress), whenAborted(io.signal)]);
  if (loaded === 'aborted') {
    io.write('info', 'Stopped before the program started: the interpreter was still starting.\n');
    return { state: 'stopped', summary: empty };
  }
  const instance = loaded;
  const startup = instance.startupReported ? undefined : instance.startupMs;
  instance.startupReported = true;
  // Anything left from an earlier run (a daemon thread printing after the end) is not this run's.
  deliver(instance);
  instance.interrupt[0] = 0;
  Atomics.store(instance.control, CONTROL.stop, 0);
  instance.sink.write = io.write;

  let stopTimer: ReturnType<typeof setTimeout> | undefined;
  const killed = new Promise<'killed'>((resolve) => {
    const onAbort = (): void => {
      instance.interrupt[0] = SIGINT;
      Atomics.store(instance.control, CONTROL.stop, 1);
      Atomics.notify(instance.control, CONTROL.stop);
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
  Atomics.store(instance.control, CONTROL.running, 1);
  Atomics.notify(instance.control, CONTROL.running);
  // A run that rejects is a crash of the interpreter (a Pyodide fatal error), told as one.
  const failed = (error: unknown): { crash: string } => ({
    crash: error instanceof Error ? error.message : String(error),
  });
  const result = await Promise.race([instance.api.run(source).catch(failed), killed, crashed]);
  Atomics.store(instance.control, CONTROL.running, 0);
  clearTimeout(stopTimer);
  // Everything the run printed was written before its answer was sent: show it all first.
  deliver(instance);
  instance.sink.write = () => {};
  if (result === 'killed') {
    io.write(
      'info',
      'Stopped. The code did not respond to KeyboardInterrupt within a second, so the interpreter was restarted.\n',
    );
    return { state: 'stopped', summary: empty };
  }
  if (result === 'crashed' || 'crash' in result) {
    discard(instance);
    const what =
      result === 'crashed'
        ? 'The Python worker crashed (out of memory?)'
        : `The Python interpreter crashed (${result.crash})`;
    io.write('stderr', `${what}. The next run starts a fresh interpreter.\n`);
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
  if (io.signal.aborted && result.errorType === 'KeyboardInterrupt') {
    io.write('info', stoppedNote(result));
    return { state: 'stopped', summary };
  }
  if (result.errorType === 'SystemExit')
    io.write('info', `The program exited with status ${exitStatus(result.error)}.\n`);
  return { state: result.error === null ? 'done' : 'error', summary };
}

/** Python on CPython (Pyodide) in a worker: threads, asyncio and processes as in CPython. */
export const pythonEngine: Engine = {
  run: (request, io) => runPython(request.source, io),
  preload,
};
