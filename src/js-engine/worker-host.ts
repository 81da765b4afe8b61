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
import { createOutputBatcher } from './output-batcher';

export interface WorkerHostApi {
  run(
    request: { source: string; lang: 'ts' | 'js'; originAbsolute: number },
    write: (chunks: Array<[Stream, string]>) => void,
  ): Promise<ContextRunResult>;
}

const api: WorkerHostApi = {
  async run(request, write) {
    const output = createOutputBatcher((chunks) => void write(chunks));
    const origin = request.originAbsolute - performance.timeOrigin;
    const result = await runInThisContext({
      source: request.source,
      lang: request.lang,
      recorder: new TraceRecorder(() => performance.now(), origin),
      originAbsolute: request.originAbsolute,
      signal: new AbortController().signal,
      guard: () => {},
      write: output.write,
    });
    output.flush();
    return result;
  },
};

expose(api);
