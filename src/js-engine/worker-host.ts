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
    // Output goes out at once, so a line printed just before a long computation is seen.
    // Only a chatty loop (over 50 writes in 30 ms) gets batched, to spare the page a flood.
    let pending: Array<[Stream, string]> = [];
    let windowStart = performance.now();
    let writesInWindow = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      if (pending.length === 0) return;
      const chunks = pending;
      pending = [];
      void write(chunks);
    };
    const push = (stream: Stream, text: string): void => {
      const now = performance.now();
      if (now - windowStart > 30) {
        windowStart = now;
        writesInWindow = 0;
      }
      writesInWindow += 1;
      pending.push([stream, text]);
      if (writesInWindow <= 50 || pending.length >= 500) flush();
      else timer ??= setTimeout(flush, 30);
    };
    const origin = request.originAbsolute - performance.timeOrigin;
    const result = await runInThisContext({
      source: request.source,
      lang: request.lang,
      recorder: new TraceRecorder(() => performance.now(), origin),
      originAbsolute: request.originAbsolute,
      signal: new AbortController().signal,
      guard: () => {},
      write: push,
    });
    flush();
    return result;
  },
};

expose(api);
