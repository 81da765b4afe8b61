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

self.addEventListener(
  'message',
  (event: MessageEvent) => {
    const { indexURL } = event.data as Init;
    // The interpreter's WebAssembly is compiled once here and handed to every child, which
    // then only instantiates it.
    const compiled = WebAssembly.compileStreaming(fetch(`${indexURL}pyodide.asm.wasm`));
    let serial = 0;
    new Hub(self, {
      cpuCount: navigator.hardwareConcurrency || 1,
      maxWarm: Math.min(8, navigator.hardwareConcurrency || 1),
      createChild() {
        serial += 1;
        const worker = new Worker(new URL('./child-worker.ts', import.meta.url), {
          type: 'module',
          name: `python process ${serial}`,
        });
        void compiled.then(
          (module) => worker.postMessage({ kind: 'boot', indexURL, module }),
          () => worker.postMessage({ kind: 'boot', indexURL, module: null }),
        );
        return { endpoint: worker, terminate: () => worker.terminate() };
      },
    });
  },
  { once: true },
);
