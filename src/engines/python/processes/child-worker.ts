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
    const { assets } = event.data as { kind: 'boot'; assets: BootAssets };
    serveChild(self, async () => (await bootInterpreter(assets)).py as unknown as ChildPyodide);
  },
  { once: true },
);
