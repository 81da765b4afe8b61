/// <reference lib="webworker" />
/**
 * The interpreter worker: one CPython (Pyodide) per page, reused across runs, each run in
 * a fresh `__main__`. Pyodide's files are served by this site from /pyodide/ (copied from
 * the npm package at build time). Output streams to the page as it is printed.
 */
import { expose } from 'comlink';
import runtimeSource from './pcm_runtime.py?raw';
import threadsSource from './pcm_threads.py?raw';
import preemptSource from './pcm_preempt.py?raw';
import threadLoopSource from './pcm_thread_loop.py?raw';
import { createOutputBatcher, type Chunk } from '../js-engine/output-batcher';
import type { PythonEvent } from './trace-convert';
import { Gil } from './gil';
import { parentProcessModule } from './processes/parent';
import { PROCESS_SOURCES } from './processes/sources';

interface PyProxy {
  toJs(options?: {
    create_pyproxies?: boolean;
    dict_converter?: (entries: Iterable<[unknown, unknown]>) => unknown;
  }): unknown;
  destroy(): void;
  callPromising(...args: unknown[]): Promise<PyProxy>;
}

interface Pyodide {
  version: string;
  runPython(code: string): unknown;
  pyimport(name: string): Record<string, PyProxy>;
  setInterruptBuffer(buffer: Int32Array): void;
  setStdout(options: { write(buffer: Uint8Array): number; isatty: boolean }): void;
  setStderr(options: { write(buffer: Uint8Array): number; isatty: boolean }): void;
  registerJsModule(name: string, module: object): void;
  FS: { writeFile(path: string, data: string): void };
}

export interface ThreadStats {
  /** Daemon threads still alive when the program ended. */
  leftover: number;
  switches: number;
  longest_gil_wait_ms: number;
  lanes: string[];
}

export interface PythonRunResult {
  error: string | null;
  events: PythonEvent[];
  wallMs: number;
  threads: ThreadStats | null;
  /** Lanes of the child processes the run started (their spans come complete). */
  processLanes: string[];
  /** Absolute time (timeOrigin-based) when the snippet started, for lining up with the page. */
  startedAbsolute: number;
}

export interface PythonWorkerApi {
  init(
    indexURL: string,
    interruptBuffer: SharedArrayBuffer,
    controlBuffer: SharedArrayBuffer,
    write: (chunks: Chunk[]) => void,
  ): Promise<{ version: string; jspi: boolean }>;
  run(source: string): Promise<PythonRunResult>;
}

let pyodide: Pyodide | undefined;
let runSnippet: PyProxy | undefined;
let output: ReturnType<typeof createOutputBatcher> | undefined;

/** Whether this engine can suspend WebAssembly stacks (JS Promise Integration). */
function hasJspi(): boolean {
  return typeof (WebAssembly as unknown as { Suspending?: unknown }).Suspending === 'function';
}

const api: PythonWorkerApi = {
  async init(indexURL, interruptBuffer, controlBuffer, write) {
    const control = new Int32Array(controlBuffer);
    const { loadPyodide } = (await import(/* @vite-ignore */ `${indexURL}pyodide.mjs`)) as {
      loadPyodide(options: object): Promise<Pyodide>;
    };
    const py = await loadPyodide({ indexURL, enableRunUntilComplete: true });
    const interrupt = new Int32Array(interruptBuffer);
    py.setInterruptBuffer(interrupt);

    output = createOutputBatcher((chunks) => void write(chunks));
    const streams = { stdout: new TextDecoder(), stderr: new TextDecoder() };
    // isatty makes Python line-buffer its output, so each print arrives as it happens.
    py.setStdout({
      isatty: true,
      write: (buffer) => (output?.write('stdout', streams.stdout.decode(buffer, { stream: true })), buffer.length),
    });
    py.setStderr({
      isatty: true,
      write: (buffer) => (output?.write('stderr', streams.stderr.decode(buffer, { stream: true })), buffer.length),
    });

    // time.sleep blocks this worker with Atomics.wait (no CPU), in short steps so Stop is seen.
    const sleeper = new Int32Array(new SharedArrayBuffer(4));
    const gil = new Gil(Number(py.runPython('import _thread; _thread.get_ident()')), {
      now: () => performance.now(),
      setTimer: (callback, ms) => setTimeout(callback, ms),
      clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    });
    // Reachable from developer tools (and end-to-end diagnostics) when a run seems stuck.
    (globalThis as { pcmGil?: Gil }).pcmGil = gil;
    // While threads wait and no Python runs, Stop must still reach the main thread.
    setInterval(() => {
      if (interrupt[0] === 2) gil.interrupt();
    }, 20);
    py.registerJsModule('_pcm_js', {
      gil,
      // A green thread starts on its own suspendable stack, after the current one yields.
      spawn(bootstrap: PyProxy) {
        setTimeout(() => {
          bootstrap
            .callPromising()
            .catch((error: unknown) => output?.write('stderr', `${String(error)}\n`))
            .finally(() => bootstrap.destroy());
        }, 0);
      },
      // sys.setswitchinterval tells the switch ticker (switch-ticker.ts) its new period.
      set_switch_interval(seconds: number) {
        Atomics.store(control, 1, Math.max(1, Math.round(seconds * 1e6)));
        Atomics.notify(control, 1);
      },
      block_sleep(seconds: number) {
        const end = performance.now() + seconds * 1000;
        for (let left = end - performance.now(); left > 0 && interrupt[0] !== 2; left = end - performance.now()) {
          Atomics.wait(sleeper, 0, 0, Math.min(left, 20));
        }
      },
    });
    // multiprocessing: child processes are workers with their own interpreters (processes/).
    py.registerJsModule(
      '_pcm_proc',
      parentProcessModule(indexURL, (stream, text) => output?.write(stream, text), interrupt),
    );
    for (const [file, text] of Object.entries(PROCESS_SOURCES)) py.FS.writeFile(`/home/pyodide/${file}`, text);
    py.FS.writeFile('/home/pyodide/pcm_threads.py', threadsSource);
    py.FS.writeFile('/home/pyodide/pcm_preempt.py', preemptSource);
    py.FS.writeFile('/home/pyodide/pcm_thread_loop.py', threadLoopSource);
    py.FS.writeFile('/home/pyodide/pcm_runtime.py', runtimeSource);
    py.runPython('import sys\nif "/home/pyodide" not in sys.path: sys.path.insert(0, "/home/pyodide")');
    runSnippet = py.pyimport('pcm_runtime')['run_snippet'];
    pyodide = py;
    return { version: String(py.runPython('import sys; sys.version.split()[0]')), jspi: hasJspi() };
  },

  async run(source) {
    if (!pyodide || !runSnippet) throw new Error('the interpreter is not loaded');
    const startedAbsolute = performance.timeOrigin + performance.now();
    // callPromising lets the snippet suspend (asyncio.run, top-level await) via JSPI.
    const proxy = await runSnippet.callPromising(source);
    const [error, events, wallMs, threads, processLanes] = proxy.toJs({
      create_pyproxies: false,
      dict_converter: Object.fromEntries,
    }) as [string | undefined, PythonEvent[], number, Partial<ThreadStats>, string[] | undefined];
    proxy.destroy();
    output?.flush();
    // Python's None arrives as undefined.
    return {
      error: error ?? null,
      events: events.map(([lane, kind, start, end, label]) => [lane, kind, start, end, label ?? null]),
      wallMs,
      threads: threads.lanes ? (threads as ThreadStats) : null,
      processLanes: processLanes ?? [],
      startedAbsolute,
    };
  },
};

expose(api);
