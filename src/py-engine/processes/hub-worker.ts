/// <reference lib="webworker" />
/**
 * The process hub's worker. The parent interpreter starts it on first use of
 * multiprocessing; it starts the child interpreters as its own nested workers, so ending
 * the parent's worker (Stop after a grace period) ends every child with it.
 */
import { Hub } from './hub-core';

interface Init {
  kind: 'init';
  indexURL: string;
}

/** Written out in full each time, so that the bundler recognises and builds the worker. */
function childWorker(name: string): Worker {
  return new Worker(new URL('./child-worker.ts', import.meta.url), { type: 'module', name });
}

self.addEventListener(
  'message',
  (event: MessageEvent) => {
    const { indexURL } = event.data as Init;
    // The interpreter's WebAssembly is compiled once here and handed to every child, which
    // then only instantiates it.
    const compiled = WebAssembly.compileStreaming(fetch(`${indexURL}pyodide.asm.wasm`));
    // One worker boots CPython in full and hands back an image of its memory; every child
    // restores that image, which takes a fraction of a full boot. Without an image (if
    // making one fails) children boot in full.
    const snapshot = compiled
      .then(
        (module) =>
          new Promise<Uint8Array | null>((resolve) => {
            const maker = childWorker('python process image');
            maker.addEventListener('message', (reply: MessageEvent) => {
              const { image, error } = reply.data as { image: Uint8Array | null; error?: string };
              if (error) console.warn(`booting child interpreters in full: ${error}`);
              resolve(image);
              maker.terminate();
            });
            maker.addEventListener('error', () => resolve(null));
            maker.postMessage({ kind: 'boot', indexURL, module, makeSnapshot: true });
          }),
      )
      .catch(() => null);
    let serial = 0;
    const hub = new Hub(self, {
      cpuCount: navigator.hardwareConcurrency || 1,
      maxWarm: Math.min(8, navigator.hardwareConcurrency || 1),
      createChild() {
        serial += 1;
        const worker = childWorker(`python process ${serial}`);
        void Promise.all([compiled.catch(() => null), snapshot]).then(([module, image]) =>
          worker.postMessage({ kind: 'boot', indexURL, module, snapshot: image }),
        );
        return { endpoint: worker, terminate: () => worker.terminate() };
      },
    });
    // Reachable from developer tools (and end-to-end tests) to see which processes still run.
    (globalThis as { pcmHub?: Hub }).pcmHub = hub;
  },
  { once: true },
);
