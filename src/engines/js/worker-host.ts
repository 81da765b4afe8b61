/// <reference lib="webworker" />
/**
 * The coordinator worker of a `target="worker"` snippet: the snippet's top-level code runs
 * here, off the page's thread, and may start pool workers of its own. Stop terminates this
 * worker, and with it every worker it started.
 */
import { expose } from 'comlink';
import { TraceRecorder } from '../../engine-core/trace';
import { runInThisContext, type ContextRunResult } from './context-run';
import { ringWriter } from '../../engine-core/output-ring';

export interface WorkerHostApi {
  /** `output` is the page's output ring (engine-core/output-ring.ts). */
  run(
    request: { source: string; lang: 'ts' | 'js'; originAbsolute: number },
    output: SharedArrayBuffer,
  ): Promise<ContextRunResult>;
}

const api: WorkerHostApi = {
  async run(request, output) {
    const write = ringWriter(output);
    const origin = request.originAbsolute - performance.timeOrigin;
    const result = await runInThisContext({
      source: request.source,
      lang: request.lang,
      recorder: new TraceRecorder(() => performance.now(), origin),
      originAbsolute: request.originAbsolute,
      signal: new AbortController().signal,
      guard: () => {},
      write,
    });
    return result;
  },
};

expose(api);
