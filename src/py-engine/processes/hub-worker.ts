/// <reference lib="webworker" />
/**
 * The process hub's worker. The parent interpreter starts it on first use of
 * multiprocessing; it starts the child interpreters as its own nested workers, so ending
 * the parent's worker (Stop after a grace period) ends every child with it.
 */
import { ringWriter } from '../../engine-core/output-ring';
import { Hub } from './hub-core';

interface Init {
  kind: 'init';
  indexURL: string;
  /** The page's output ring: children's output goes there directly, in order. */
  output: SharedArrayBuffer;
}

const IMAGE_CACHE = 'pcm-python-process-image';
/** Changes whenever what the image holds changes (the Pyodide version is in the URL). */
const imageKey = (indexURL: string): string => `${indexURL}pcm-process-image-v1.bin`;

async function cachedImage(indexURL: string): Promise<Uint8Array | null> {
  try {
    const hit = await (await caches.open(IMAGE_CACHE)).match(imageKey(indexURL));
    return hit ? new Uint8Array(await hit.arrayBuffer()) : null;
  } catch {
    return null;
  }
}

async function storeImage(indexURL: string, image: Uint8Array): Promise<void> {
  try {
    await (await caches.open(IMAGE_CACHE)).put(imageKey(indexURL), new Response(image.slice()));
  } catch {
    // Without Cache Storage the image lives as long as this hub.
  }
}

/** One worker boots CPython in full and hands back an image of its memory (or null). */
function makeImage(indexURL: string): (module: WebAssembly.Module) => Promise<Uint8Array | null> {
  return (module) =>
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
    });
}

/** Written out in full each time, so that the bundler recognises and builds the worker. */
function childWorker(name: string): Worker {
  return new Worker(new URL('./child-worker.ts', import.meta.url), { type: 'module', name });
}

self.addEventListener(
  'message',
  (event: MessageEvent) => {
    const { indexURL, output } = event.data as Init;
    // The interpreter's WebAssembly is compiled once here and handed to every child, which
    // then only instantiates it.
    const compiled = WebAssembly.compileStreaming(fetch(`${indexURL}pyodide.asm.wasm`));
    // One worker boots CPython in full and hands back an image of its memory; every child
    // restores that image, which takes a fraction of a full boot. Without an image (if
    // making one fails) children boot in full. The image is kept in the browser's Cache
    // Storage, so later pages (and a parent restarted after threads or Stop) skip the full boot.
    const snapshot = (async (): Promise<Uint8Array | null> => {
      const cached = await cachedImage(indexURL);
      if (cached) return cached;
      const image = await compiled.then(makeImage(indexURL), () => null);
      if (image) await storeImage(indexURL, image);
      return image;
    })();
    let serial = 0;
    const hub = new Hub(self, {
      output: ringWriter(output),
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
