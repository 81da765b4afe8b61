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
    // Before the first child runs, one interpreter boots in full in the page's compiled
    // module and is thrown away: the WebAssembly engine optimises the interpreter's code
    // while it boots, and children restored from the image then run at full speed. Without
    // it, children of a page whose image came from Cache Storage were measured running
    // their work two to six times slower (the first process start pays for this, about
    // as much as a boot, and is shown as start-up).
    const warmed = new Promise<void>((resolve) => {
      const warmer = childWorker('python process warm-up');
      const done = (): void => {
        warmer.terminate();
        resolve();
      };
      warmer.addEventListener('message', done, { once: true });
      warmer.addEventListener('error', done, { once: true });
      warmer.postMessage({ kind: 'warm', assets: { ...assets, image: null } });
    });
    let serial = 0;
    new Hub(self, {
      output: ringWriter(output),
      cpuCount: navigator.hardwareConcurrency || 1,
      maxWarm: Math.min(8, navigator.hardwareConcurrency || 1),
      createChild() {
        serial += 1;
        const worker = childWorker(`python process ${serial}`);
        void warmed.then(() => worker.postMessage({ kind: 'boot', assets }));
        return { endpoint: worker, terminate: () => worker.terminate() };
      },
    });
  },
  { once: true },
);
