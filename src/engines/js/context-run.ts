/**
 * Runs one snippet in the current JavaScript context (the page, or the coordinator
 * worker of a `target="worker"` snippet) with the full runtime API, and returns its spans.
 * Both engines share this, so a snippet behaves the same wherever its top level runs.
 */
import { transfer } from 'comlink';
import type { Span, TraceRecorder } from '../../engine-core/trace';
import { absoluteNow } from './pool-worker-api';
import { WorkerPool } from './pool';
import type { Stream } from '../../engine-core/streams';
import { createRuntime } from './runtime';
import { executeSnippet, SnippetFailure } from './execute';

export interface ContextRunOptions {
  source: string;
  lang: 'ts' | 'js';
  recorder: TraceRecorder;
  /** Absolute time (timeOrigin-based) of the run's start, shared by every context. */
  originAbsolute: number;
  write(stream: Stream, text: string): void;
  signal: AbortSignal;
  guard: () => void;
}

export interface ContextRunResult {
  spans: Span[];
  wallMs: number;
  /** The reader-facing error text, or undefined when the snippet finished normally. */
  error?: string;
  stopped?: boolean;
}

/** Starts a pool worker module; Vite bundles the URL below as its own chunk. */
function spawnPoolWorker(name: string) {
  const worker = new Worker(new URL('./pool-worker.ts', import.meta.url), { type: 'module', name });
  return { endpoint: worker, terminate: () => worker.terminate() };
}

export async function runInThisContext(options: ContextRunOptions): Promise<ContextRunResult> {
  const { recorder, signal } = options;
  const runtime = createRuntime({ recorder, signal, write: options.write });
  const pools: WorkerPool[] = [];
  let workerCount = 0;

  // Waiting for workers is a yield point of the snippet's own lane, like awaiting a sleep.
  const workers = async (size: number) => {
    const pool = await runtime.block(
      WorkerPool.create(
        size,
        spawnPoolWorker,
        { recorder, signal, fromAbsolute: (absolute) => absolute - options.originAbsolute },
        workerCount + 1,
      ),
      'wait',
      'starting workers',
    );
    workerCount += size;
    pools.push(pool);
    return {
      size: pool.size,
      map: <I, R>(fn: (input: I) => R | Promise<R>, inputs: Iterable<I>) =>
        runtime.block(pool.map(fn, inputs), 'wait', 'map'),
      all: <R>(fn: (...args: never[]) => R | Promise<R>, ...args: unknown[]) =>
        runtime.block(pool.all(fn, ...args), 'wait', 'all'),
      close: () => pool.close(),
    };
  };

  const api = {
    console: runtime.console,
    sleep: runtime.sleep,
    task: runtime.task,
    gather: runtime.gather,
    span: runtime.span,
    now: runtime.now,
    workers,
    transfer,
    cores: globalThis.navigator?.hardwareConcurrency ?? 1,
  };

  const result: ContextRunResult = { spans: [], wallMs: 0 };
  const endCompile = recorder.begin('main', 'spawn', 'compile and load');
  try {
    await executeSnippet({
      source: options.source,
      lang: options.lang,
      api,
      guard: options.guard,
      beforeRun: () => {
        endCompile();
        runtime.start();
      },
    });
  } catch (error) {
    if (error instanceof SnippetFailure) {
      result.error = error.message;
      result.stopped = error.stopped;
    } else {
      result.error = String(error);
    }
  } finally {
    endCompile();
    runtime.finish();
    for (const pool of pools) pool.close();
  }
  result.wallMs = absoluteNow() - options.originAbsolute;
  result.spans = [...recorder.spans()];
  return result;
}
