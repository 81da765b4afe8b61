/**
 * A child process's side of the protocol, written against an `Endpoint` so the same code
 * serves a real worker (child-worker.ts) and a test that runs interpreters over a
 * MessageChannel. It boots an interpreter, installs what every child needs, says it is ready,
 * runs exactly one process and reports its exit; the hub then ends it, so a process never reuses an interpreter.
 */
import { createClient } from './client';
import { linePrefixer } from './line-prefix';
import type { Endpoint, FromHub, ToHub } from './protocol';
import { writePackage } from '../boot';
import { PACKAGE_FILES } from '../package';

interface PyProxy {
  callPromising(...args: unknown[]): Promise<PyProxy>;
  toJs(options?: { create_pyproxies?: boolean }): unknown;
  destroy(): void;
}

export interface ChildPyodide {
  pyimport(name: string): unknown;
  runPython(code: string): unknown;
  registerJsModule(name: string, module: object): void;
  setStdout(options: { write(buffer: Uint8Array): number; isatty: boolean }): void;
  setStderr(options: { write(buffer: Uint8Array): number; isatty: boolean }): void;
  FS: { mkdirTree(path: string): void; writeFile(path: string, data: string): void };
}

/** Boots the interpreter given by `load` and serves one process over `endpoint`. */
export function serveChild(endpoint: Endpoint, load: () => Promise<ChildPyodide>): void {
  const post = (message: ToHub): void => endpoint.postMessage(message);
  let pid = 0;
  let name = '';

  const boot = async (): Promise<PyProxy> => {
    const py = await load();
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
    py.registerJsModule('_pcm_proc', createClient(endpoint));
    writePackage(py, PACKAGE_FILES);
    const pcm = py.pyimport('pcm') as Record<string, PyProxy & (() => void)>;
    // Everything that is not the process's own is installed before the interpreter says it is
    // ready, so a prepared interpreter starts a process's program at once.
    pcm['prepare_child']!();
    return pcm['run_child']!;
  };

  const runChild = boot();
  void runChild.then(() => post({ kind: 'ready' }));

  endpoint.addEventListener('message', (event: MessageEvent) => {
    const message = event.data as FromHub;
    if (message.kind !== 'start') return;
    pid = message.pid;
    name = message.name;
    void (async () => {
      let exitcode = 1;
      let error: string | null = null;
      try {
        const run = await runChild;
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
  });
}
