/// <reference lib="webworker" />
/**
 * A child process: its own Pyodide interpreter in its own worker (own memory, own GIL, its
 * own core). It boots once, tells the hub it is ready, runs exactly one process, reports
 * its exit and is then terminated by the hub; a process never reuses an interpreter.
 */
import { createClient } from './client';
import { linePrefixer } from './line-prefix';
import { PROCESS_SOURCES } from './sources';
import type { FromHub, ToHub } from './protocol';

interface PyProxy {
  callPromising(...args: unknown[]): Promise<PyProxy>;
  toJs(options?: { create_pyproxies?: boolean }): unknown;
  destroy(): void;
}

interface Pyodide {
  pyimport(name: string): Record<string, PyProxy>;
  runPython(code: string): unknown;
  registerJsModule(name: string, module: object): void;
  setStdout(options: { write(buffer: Uint8Array): number; isatty: boolean }): void;
  setStderr(options: { write(buffer: Uint8Array): number; isatty: boolean }): void;
  FS: { writeFile(path: string, data: string): void };
}

interface Boot {
  kind: 'boot';
  indexURL: string;
  module: WebAssembly.Module | null;
}

const post = (message: ToHub): void => self.postMessage(message);
let pid = 0;
let name = '';

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

async function boot({ indexURL, module }: Boot): Promise<PyProxy> {
  if (module) useCompiled(module);
  const { loadPyodide } = (await import(/* @vite-ignore */ `${indexURL}pyodide.mjs`)) as {
    loadPyodide(options: object): Promise<Pyodide>;
  };
  const py = await loadPyodide({ indexURL });
  for (const stream of ['stdout', 'stderr'] as const) {
    const decoder = new TextDecoder();
    const prefix = linePrefixer(() => `[${name}] `);
    const options = {
      isatty: true,
      write(buffer: Uint8Array): number {
        const text = prefix(decoder.decode(buffer, { stream: true }));
        if (text) post({ kind: 'out', pid, stream, text });
        return buffer.length;
      },
    };
    if (stream === 'stdout') py.setStdout(options);
    else py.setStderr(options);
  }
  py.registerJsModule('_pcm_proc', createClient(self));
  for (const [file, text] of Object.entries(PROCESS_SOURCES)) py.FS.writeFile(`/home/pyodide/${file}`, text);
  py.runPython('import sys\nif "/home/pyodide" not in sys.path: sys.path.insert(0, "/home/pyodide")');
  return py.pyimport('pcm_child')['run_child'];
}

let runChild: Promise<PyProxy> | undefined;

self.addEventListener('message', (event: MessageEvent) => {
  const message = event.data as Boot | FromHub;
  if (message.kind === 'boot') {
    runChild = boot(message);
    void runChild.then(() => post({ kind: 'ready' }));
  } else if (message.kind === 'start') {
    pid = message.pid;
    name = message.name;
    void (async () => {
      const run = await runChild!;
      let exitcode = 1;
      let error: string | null = null;
      try {
        // callPromising lets the child suspend (run_sync) while it waits for a queue or a join.
        const result = await run.callPromising(
          message.pid,
          message.name,
          message.source,
          message.payload,
          message.parentPid,
          message.sabs,
        );
        const [code, text] = result.toJs({ create_pyproxies: false }) as [number, string | undefined];
        result.destroy();
        exitcode = code;
        error = text ?? null;
      } catch (failure) {
        post({ kind: 'out', pid, stream: 'stderr', text: `[${name}] ${String(failure)}\n` });
      }
      post({ kind: 'exit', pid, exitcode, error });
    })();
  }
});
