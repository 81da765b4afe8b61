/**
 * The parent interpreter's side of the process layer: `_pcm_proc` for the interpreter
 * worker. The hub's worker is started on first use (most pages never start a process), and
 * writes children's output, already labelled with their names, into the page's output ring.
 */
import { createClient, type ProcessClient } from './client';
import type { Endpoint } from './protocol';
import type { BootAssets } from '../boot';

/** An endpoint whose worker is only created when the first message is sent. */
function lazyHub(assets: BootAssets, output: SharedArrayBuffer): Endpoint {
  let worker: Worker | undefined;
  const listeners: Array<(event: MessageEvent) => void> = [];
  const start = (): Worker => {
    if (!worker) {
      worker = new Worker(new URL('./hub-worker.ts', import.meta.url), { type: 'module', name: 'python processes' });
      worker.postMessage({ kind: 'init', assets, output });
      for (const listener of listeners) worker.addEventListener('message', listener);
    }
    return worker;
  };
  return {
    postMessage: (message: unknown) => start().postMessage(message),
    addEventListener(_type, listener) {
      listeners.push(listener);
      worker?.addEventListener('message', listener);
    },
  };
}

/**
 * `assets` are what the children start from (the page's compiled module and image);
 * `output` is the page's output ring, where the hub writes children's output itself;
 * `takeInterrupt` reports (once) that Stop is meant for this interpreter's main thread.
 */
export function parentProcessModule(
  assets: BootAssets,
  output: SharedArrayBuffer,
  takeInterrupt: () => boolean,
): ProcessClient {
  return createClient(lazyHub(assets, output), takeInterrupt);
}
