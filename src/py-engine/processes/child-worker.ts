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
}

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
    const { indexURL, module } = event.data as Boot;
    if (module) useCompiled(module);
    serveChild(
      self,
      async () => {
        const { loadPyodide } = (await import(/* @vite-ignore */ `${indexURL}pyodide.mjs`)) as {
          loadPyodide(options: object): Promise<ChildPyodide>;
        };
        return loadPyodide({ indexURL });
      },
      PROCESS_SOURCES,
    );
  },
  { once: true },
);
