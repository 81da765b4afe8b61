/// <reference lib="webworker" />
/**
 * A child process: its own Pyodide interpreter in its own worker (own memory, own GIL, its
 * own core), started from the page's compiled module and memory image (../boot.ts); the
 * protocol itself lives in child-runtime.ts.
 */
import { bootInterpreter, type BootAssets } from '../boot';
import { serveChild, type ChildPyodide } from './child-runtime';

self.addEventListener(
  'message',
  (event: MessageEvent) => {
    const { kind, assets } = event.data as { kind: 'boot' | 'warm'; assets: BootAssets };
    if (kind === 'warm') {
      // A full boot, only to let the engine optimise the interpreter's code (hub-worker.ts).
      void bootInterpreter(assets).then(
        () => self.postMessage('warm'),
        () => self.postMessage('warm'),
      );
      return;
    }
    serveChild(self, async () => (await bootInterpreter(assets)).py as unknown as ChildPyodide);
  },
  { once: true },
);
