/**
 * The page's Python interpreter: a worker started on first use (or ahead of a click), from the
 * page's downloaded files, compiled module and memory image (assets.ts, boot.ts), then
 * prepared (pcm/_prepare.py) so that what every fresh interpreter pays once is paid before
 * the reader's code runs. Its start-up reports its progress, stage by stage, to whoever waits.
 */
import { wrap, type Remote } from 'comlink';
import { ProgressTracker } from '../../engine-core/progress';
import { createOutputRing, ringReader, type RingReader } from '../../engine-core/output-ring';
import type { Stream } from '../../engine-core/streams';
import type { PythonWorkerApi } from './worker';
import { CONTROL, CONTROL_WORDS, DEFAULT_SWITCH_INTERVAL_US } from './constants';
import { pageAssets } from './assets';

export interface Interpreter {
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

/** An interpreter being started, and its progress so far. */
interface Starting {
  interpreter: Promise<Interpreter>;
  progress: ProgressTracker;
}

let current: Starting | undefined;

declare const __PYODIDE_VERSION__: string;

function indexUrl(): string {
  return new URL(`${import.meta.env.BASE_URL.replace(/\/$/, '')}/pyodide/${__PYODIDE_VERSION__}/`, location.href).href;
}

/** Where each stage of start-up sits in the progress bar, as fractions of the whole. */
const STAGES = { download: [0, 0.6], compile: [0.6, 0.65], start: [0.65, 0.9], prepare: [0.9, 1] } as const;

function stage(name: keyof typeof STAGES, within: number): number {
  const [from, to] = STAGES[name];
  return from + (to - from) * Math.min(1, Math.max(0, within));
}

const MB = 2 ** 20;

async function startInterpreter(progress: ProgressTracker): Promise<Interpreter> {
  const started = performance.now();
  const assets = pageAssets(indexUrl());
  const stopCounting = assets.onDownload(({ loaded, total }) => {
    if (loaded < total) {
      progress.report({
        fraction: stage('download', loaded / total),
        text: `Downloading Python: ${(loaded / MB).toFixed(1)} of ${(total / MB).toFixed(1)} MB`,
      });
    } else {
      progress.report({ fraction: stage('compile', 0), text: 'Compiling CPython (WebAssembly)…' });
    }
  });
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
  const [files, image] = await Promise.all([assets.ready, assets.image()]);
  stopCounting();
  progress.report({
    fraction: stage('start', 0),
    text: image
      ? 'Starting Python from its saved image…'
      : 'Starting Python for the first time in this browser (later visits start faster)…',
  });
  const {
    version,
    image: made,
    imageFile: madeFile,
  } = await Promise.race([
    api.init({ ...files, image }, interrupt.buffer as SharedArrayBuffer, control.buffer as SharedArrayBuffer, ring),
    failed,
  ]);
  // Kept only once restored, so that a broken download is never kept for later visits.
  if (made) assets.keep(made, madeFile ?? undefined);
  else assets.restored();
  // Every interpreter is prepared, even for a sequential program: without it, a first
  // sequential run was measured slower than the same work in threads run after it (0.6-0.8x),
  // the opposite of the lesson, while the engine was still optimising the interpreter's code.
  progress.report({ fraction: stage('prepare', 0), text: 'Preparing Python: threads, switches and pickling…' });
  await Promise.race([api.prepare(), failed]);
  const startupMs = Math.round(performance.now() - started);
  progress.report({ fraction: 1, text: `Python ${version} ready in ${(startupMs / 1000).toFixed(1)} s` });
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

/** The interpreter, starting it if there is none; `progress` tells how its start-up goes. */
export function interpreter(): Starting {
  if (!current) {
    const progress = new ProgressTracker();
    const starting: Starting = {
      progress,
      interpreter: startInterpreter(progress).catch((error: unknown) => {
        if (current === starting) current = undefined;
        throw error;
      }),
    };
    current = starting;
  }
  return current;
}

/**
 * Throws away the interpreter (after a crash, an unstoppable run, or a run with threads);
 * the next run starts afresh. What it printed is drained first, so nothing is lost.
 */
export function discard(instance: Interpreter): void {
  deliver(instance);
  instance.stopWatching();
  instance.worker.terminate();
  instance.ticker.terminate();
  current = undefined;
}

/** Hands everything printed so far to the current run's output. */
export function deliver(instance: Interpreter): void {
  for (const [stream, text] of instance.output.drain()) instance.sink.write(stream, text);
}

/** Starts loading the interpreter ahead of a click, e.g. when a Python snippet scrolls into view. */
export function preload(): void {
  if (!missingFeature()) void interpreter().interpreter.catch(() => {});
}
