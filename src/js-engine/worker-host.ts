/// <reference lib="webworker" />
/**
 * The coordinator worker of a `target="worker"` snippet: the snippet's top-level code runs
 * here, off the page's thread, and may start pool workers of its own. Stop terminates this
 * worker, and with it every worker it started.
 */
import { expose } from 'comlink';
import { TraceRecorder } from '../measure/trace';
import { runInThisContext, type ContextRunResult } from './context-run';
import type { Stream } from './runtime';

export interface WorkerHostApi {
  run(
    request: { source: string; lang: 'ts' | 'js'; originAbsolute: number },
    write: (chunks: Array<[Stream, string]>) => void,
  ): Promise<ContextRunResult>;
}

const api: WorkerHostApi = {
  async run(request, write) {
    // Output is batched: a message per console.log would flood the page for chatty loops.
    let pending: Array<[Stream, string]> = [];
    let lastFlush = performance.now();
    const flush = (): void => {
      if (pending.length === 0) return;
      const chunks = pending;
      pending = [];
      lastFlush = performance.now();
      void write(chunks);
    };
    const origin = request.originAbsolute - performance.timeOrigin;
    const result = await runInThisContext({
      source: request.source,
      lang: request.lang,
      recorder: new TraceRecorder(() => performance.now(), origin),
      originAbsolute: request.originAbsolute,
      signal: new AbortController().signal,
      guard: () => {},
      write: (stream, text) => {
        pending.push([stream, text]);
        if (pending.length > 200 || performance.now() - lastFlush > 30) flush();
        else setTimeout(flush, 0);
      },
    });
    flush();
    return result;
  },
};

expose(api);
