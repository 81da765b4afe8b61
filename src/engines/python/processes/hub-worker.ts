/// <reference lib="webworker" />
/**
 * The process hub's worker. The parent interpreter starts it on first use of
 * multiprocessing; it starts the child interpreters as its own nested workers, so ending
 * the parent's worker (Stop after a grace period) ends every child with it. Children start
 * from the page's compiled module and memory image (see ../boot.ts), handed on here.
 */
import { ringWriter } from '../../../engine-core/output-ring';
import type { BootAssets } from '../boot';
import { Hub } from './hub-core';

interface Init {
  kind: 'init';
  assets: BootAssets;
  /** The page's output ring: children's output goes there directly, in order. */
  output: SharedArrayBuffer;
}

/** Written out in full, so that the bundler recognises and builds the worker. */
function childWorker(name: string): Worker {
  return new Worker(new URL('./child-worker.ts', import.meta.url), { type: 'module', name });
}

self.addEventListener(
  'message',
  (event: MessageEvent) => {
    const { assets, output } = event.data as Init;
    let serial = 0;
    const hub = new Hub(self, {
      output: ringWriter(output),
      cpuCount: navigator.hardwareConcurrency || 1,
      maxWarm: Math.min(8, navigator.hardwareConcurrency || 1),
      createChild() {
        serial += 1;
        const worker = childWorker(`python process ${serial}`);
        worker.postMessage({ kind: 'boot', assets });
        return { endpoint: worker, terminate: () => worker.terminate() };
      },
    });
    // Reachable from developer tools (and end-to-end tests) to see which processes still run.
    (globalThis as { pcmHub?: Hub }).pcmHub = hub;
  },
  { once: true },
);
