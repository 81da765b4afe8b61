/**
 * The JavaScript engine's entry point on the page: runs a TypeScript/JavaScript snippet on
 * the page's own event loop (`target="main"`) or in a coordinator Web Worker
 * (`target="worker"`), streams its output, and returns the trace summary.
 * The snippet element imports this module only when the reader first clicks Run.
 */
import { wrap } from 'comlink';
import { whenAborted, type Engine, type RunIO, type RunOutcome } from '../../engine-core/engine';
import { createOutputRing, ringReader } from '../../engine-core/output-ring';
import { summarize, TraceRecorder, type RunSummary, type Span } from '../../engine-core/trace';
import { runInThisContext, type ContextRunResult } from './context-run';
import { createLoopGuard } from './execute';
import { startHeartbeat, type HeartbeatStats } from './heartbeat';
import { absoluteNow } from './pool-worker-api';
import type { Stream } from '../../engine-core/streams';
import type { WorkerHostApi } from './worker-host';

/** How long main-thread code may run without yielding before loop protection ends it. */
export const MAIN_THREAD_LIMIT_MS = 1500;

export type JsRunSummary = RunSummary & { target: 'main' | 'worker'; heartbeat?: HeartbeatStats };

type JsRunOutcome = RunOutcome<JsRunSummary>;

function outcomeOf(result: ContextRunResult | 'aborted', io: RunIO): JsRunOutcome['state'] {
  if (result === 'aborted' || result.stopped) {
    io.write('info', 'Stopped.\n');
    return 'stopped';
  }
  if (result.error !== undefined) {
    io.write('stderr', `${result.error}\n`);
    return 'error';
  }
  return 'done';
}

async function runOnMainThread(source: string, lang: 'ts' | 'js', io: RunIO): Promise<JsRunOutcome> {
  const originAbsolute = absoluteNow();
  const recorder = new TraceRecorder(() => performance.now(), originAbsolute - performance.timeOrigin);
  const loop = createLoopGuard(io.signal, MAIN_THREAD_LIMIT_MS);
  const stopHeartbeat = startHeartbeat(io.onFrame);
  // A snippet awaiting something that never settles still ends promptly on Stop.
  const result = await Promise.race([
    runInThisContext({ source, lang, recorder, originAbsolute, write: io.write, signal: io.signal, guard: loop.guard }),
    whenAborted(io.signal),
  ]);
  loop.dispose();
  const heartbeat = stopHeartbeat();
  const spans = result === 'aborted' ? [...recorder.spans()] : result.spans;
  const wall = result === 'aborted' ? recorder.elapsed() : result.wallMs;
  return {
    state: outcomeOf(result, io),
    summary: { ...summarize(spans, wall, navigator.hardwareConcurrency), target: 'main', heartbeat },
  };
}

async function runInWorker(source: string, lang: 'ts' | 'js', io: RunIO): Promise<JsRunOutcome> {
  const originAbsolute = absoluteNow();
  const recorder = new TraceRecorder(() => performance.now(), originAbsolute - performance.timeOrigin);
  const endSpawn = recorder.begin('main', 'spawn', 'start-up');
  const worker = new Worker(new URL('./worker-host.ts', import.meta.url), { type: 'module', name: 'snippet main' });
  const host = wrap<WorkerHostApi>(worker);
  const crashed = new Promise<ContextRunResult>((resolve) => {
    worker.addEventListener('error', (event) => {
      resolve({
        spans: [],
        wallMs: recorder.elapsed(),
        error: `The worker failed: ${event.message || 'unknown error'}`,
      });
    });
  });
  const ring = createOutputRing();
  const output = ringReader(ring);
  const show = (chunks: Array<[Stream, string]>): void => {
    for (const [stream, text] of chunks) io.write(stream, text);
  };
  const stopWatching = output.watch(show);
  const started = host.run({ source, lang, originAbsolute }, ring);
  const result = await Promise.race([started, crashed, whenAborted(io.signal)]);
  // Everything printed before the answer (or before Stop) is shown before the worker goes.
  stopWatching();
  show(output.drain());
  worker.terminate();
  let spans: Span[] = [...recorder.spans()];
  const spawned = endSpawn();
  if (result !== 'aborted') {
    // The worker's first span (its compile step) marks the end of its start-up.
    const firstRun = result.spans.find((span) => span.lane === 'main');
    spans = [{ ...spawned, end: firstRun?.start ?? spawned.end }, ...result.spans];
  }
  const wall = result === 'aborted' ? recorder.elapsed() : result.wallMs;
  return {
    state: outcomeOf(result, io),
    summary: { ...summarize(spans, wall, navigator.hardwareConcurrency), target: 'worker' },
  };
}

/** TypeScript/JavaScript on the page's event loop (`target="main"`) or in Web Workers. */
export const jsEngine: Engine = {
  run(request, io) {
    const lang = request.lang === 'js' ? 'js' : 'ts';
    io.onStart?.();
    return request.target === 'worker'
      ? runInWorker(request.source, lang, io)
      : runOnMainThread(request.source, lang, io);
  },
};
