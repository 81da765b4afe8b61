/**
 * The parent interpreter's side of the process layer: `_pcm_proc` for the interpreter
 * worker. The hub's worker is started on first use (most pages never start a process), and
 * children's output, already labelled with their names, joins the parent's output stream.
 */
import { createClient, type ProcessClient } from './client';
import type { Endpoint } from './protocol';

/** An endpoint whose worker is only created when the first message is sent. */
function lazyHub(indexURL: string): Endpoint {
  let worker: Worker | undefined;
  const listeners: Array<(event: MessageEvent) => void> = [];
  const start = (): Worker => {
    if (!worker) {
      worker = new Worker(new URL('./hub-worker.ts', import.meta.url), { type: 'module', name: 'python processes' });
      worker.postMessage({ kind: 'init', indexURL });
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

/** `interrupt` is the interpreter's interrupt buffer, where Stop writes SIGINT (2). */
export function parentProcessModule(
  indexURL: string,
  write: (stream: 'stdout' | 'stderr', text: string) => void,
  interrupt: Int32Array,
): ProcessClient {
  return createClient(
    lazyHub(indexURL),
    (_name, stream, text) => write(stream === 'stderr' ? 'stderr' : 'stdout', text),
    () => Atomics.compareExchange(interrupt, 0, 2, 0) === 2,
  );
}
