/// <reference lib="webworker" />
/**
 * A child process: its own Pyodide interpreter in its own worker (own memory, own GIL, its
 * own core). The hub sends the WebAssembly module it compiled once, so this worker only
 * instantiates it; the protocol itself lives in child-runtime.ts.
 */
import { serveChild, type ChildPyodide } from './child-runtime';
import { PROCESS_SOURCES } from './sources';

interface Boot {
  kind: 'boot';
  indexURL: string;
  module: WebAssembly.Module | null;
  /** A memory image of a booted interpreter: restoring it skips CPython's start-up. */
  snapshot?: Uint8Array | null;
  /** Set for the one worker that boots in full to make that image for the others. */
  makeSnapshot?: boolean;
}

interface Loader {
  loadPyodide(options: object): Promise<ChildPyodide & { makeMemorySnapshot(): Uint8Array }>;
}

/** Standard modules every process needs; importing them before the image is taken saves each child the work. */
const PRELOADED =
  'import asyncio, pickle, json, ctypes, linecache, traceback, queue, types, itertools\n' +
  'import concurrent.futures, concurrent.futures.process, multiprocessing, multiprocessing.pool';

/** Makes Pyodide instantiate the module the hub compiled instead of compiling its own copy. */
function useCompiled(module: WebAssembly.Module): void {
  const original = WebAssembly.instantiateStreaming.bind(WebAssembly);
  // Only the first streaming instantiation is the interpreter itself; others pass through.
  let used = false;
  WebAssembly.instantiateStreaming = async (source, imports) => {
    if (used) return original(source, imports);
    used = true;
    return { module, instance: await WebAssembly.instantiate(module, imports) };
  };
}

self.addEventListener(
  'message',
  (event: MessageEvent) => {
    const { indexURL, module, snapshot, makeSnapshot } = event.data as Boot;
    if (module) useCompiled(module);
    const loader = (): Promise<Loader> => import(/* @vite-ignore */ `${indexURL}pyodide.mjs`) as Promise<Loader>;
    if (makeSnapshot) {
      void (async () => {
        try {
          const py = await (await loader()).loadPyodide({ indexURL, _makeSnapshot: true });
          py.runPython(PRELOADED);
          const image = py.makeMemorySnapshot();
          self.postMessage({ kind: 'snapshot', image }, [image.buffer]);
        } catch (error) {
          self.postMessage({ kind: 'snapshot', image: null, error: String(error) });
        }
      })();
      return;
    }
    serveChild(
      self,
      async () => {
        const { loadPyodide } = await loader();
        if (snapshot) {
          try {
            return await loadPyodide({ indexURL, _loadSnapshot: snapshot });
          } catch (error) {
            // An image from another build (say, a stale cached one) is refused: boot in full.
            console.warn(`restoring the interpreter image failed, booting in full: ${String(error)}`);
          }
        }
        const py = await loadPyodide({ indexURL });
        py.runPython(PRELOADED);
        return py;
      },
      PROCESS_SOURCES,
    );
  },
  { once: true },
);
