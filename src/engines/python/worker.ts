/// <reference lib="webworker" />
/**
 * The interpreter worker: one CPython (Pyodide) per page, reused across runs, each run in
 * a fresh `__main__`. Pyodide's files are served by this site from /pyodide/ (copied from
 * the npm package at build time). Output streams to the page as it is printed.
 */
import { expose } from 'comlink';
import { ringWriter } from '../../engine-core/output-ring';
import type { Stream } from '../../engine-core/streams';
import type { PythonEvent } from './trace-convert';
import { Gil } from './gil';
import { workerClock } from './gil-clock';
import { parentProcessModule } from './processes/parent';
import type { ProcessClient } from './processes/client';
import { WARM_INTERPRETERS } from './constants';
import { stopSignal, type StopSignal } from './stop-signal';
import { bootInterpreter, imageFile, writePackage, type BootAssets } from './boot';
import { pcmJsModule } from './js-module';
import { PACKAGE_FILES } from './package';

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
  FS: { mkdirTree(path: string): void; writeFile(path: string, data: string): void };
}

export interface ThreadStats {
  /** Daemon threads still alive when the program ended. */
  leftover: number;
  switches: number;
  longest_gil_wait_ms: number;
  lanes: string[];
}

export interface PythonRunResult {
  /** The uncaught exception's report, already printed to stderr when it happened. */
  error: string | null;
  /** Its type's name, e.g. `KeyboardInterrupt`. */
  errorType: string | null;
  events: PythonEvent[];
  wallMs: number;
  threads: ThreadStats | null;
  /** Lanes of the child processes the run started (their spans come complete). */
  processLanes: string[];
}

export interface PythonWorkerApi {
  /** `output` is the page's output ring (engine-core/output-ring.ts), shared with the process hub. */
  init(
    assets: BootAssets,
    interruptBuffer: SharedArrayBuffer,
    controlBuffer: SharedArrayBuffer,
    output: SharedArrayBuffer,
  ): Promise<{ version: string; image: Uint8Array | null; imageFile: string | null }>;
  /** Runs the package's warm-up once (pcm/_prepare.py), before the first run. */
  prepare(): Promise<void>;
  /** Has child interpreters booted and ready for a program that uses processes; settles when they are. */
  prepareProcesses(): Promise<void>;
  run(source: string): Promise<PythonRunResult>;
}

let pyodide: Pyodide | undefined;
let runSnippet: PyProxy | undefined;
let stop: StopSignal | undefined;
/** Ends the current run when the interpreter fails in a thread (see js-module.ts). */
let crash: (error: unknown) => void = () => {};
let processes: ProcessClient | undefined;

const api: PythonWorkerApi = {
  async init(assets, interruptBuffer, controlBuffer, outputBuffer) {
    const control = new Int32Array(controlBuffer);
    const interrupt = new Int32Array(interruptBuffer);
    const booted = await bootInterpreter(assets, {
      makeImage: PACKAGE_FILES,
      loadOptions: { enableRunUntilComplete: true },
      interrupt,
    });
    const py = booted.py as unknown as Pyodide;
    py.setInterruptBuffer(interrupt);

    // Output goes straight into the page's ring, in order, as it is printed.
    const write: (stream: Stream, text: string) => void = ringWriter(outputBuffer);
    const streams = { stdout: new TextDecoder(), stderr: new TextDecoder() };
    // isatty makes Python line-buffer its output, so each print arrives as it happens.
    py.setStdout({
      isatty: true,
      write: (buffer) => (write('stdout', streams.stdout.decode(buffer, { stream: true })), buffer.length),
    });
    py.setStderr({
      isatty: true,
      write: (buffer) => (write('stderr', streams.stderr.decode(buffer, { stream: true })), buffer.length),
    });

    const gil = new Gil(Number(py.runPython('import _thread; _thread.get_ident()')), workerClock());
    const client = parentProcessModule({ ...assets, image: booted.image }, outputBuffer, () => signal.take());
    processes = client;
    let interruptLoop: (() => void) | undefined;
    const signal = stopSignal(
      control,
      interrupt,
      () => {
        gil.interrupt();
        client.interrupt();
      },
      // A main thread waiting in asyncio.run wakes only when what it waits for is cancelled.
      () => {
        if (gil.loopParked) interruptLoop?.();
      },
    );
    stop = signal;
    py.registerJsModule(
      '_pcm_js',
      pcmJsModule({
        gil,
        control,
        stop: signal,
        reportError: (text) => write('stderr', text),
        crashed: (e) => crash(e),
      }),
    );
    // multiprocessing: child processes are workers with their own interpreters (processes/).
    py.registerJsModule('_pcm_proc', client);
    writePackage(py, PACKAGE_FILES);
    const pcm = py.pyimport('pcm');
    (pcm['install'] as unknown as () => void)();
    runSnippet = pcm['run_snippet'];
    interruptLoop = () => void (pcm['interrupt_loop'] as unknown as () => void)();
    pyodide = py;
    return {
      version: String(py.runPython('import sys; sys.version.split()[0]')),
      // A newly made image goes back to the page, which keeps it for later interpreters under
      // the name of what it holds: while developing, that package may differ from the build's.
      image: booted.restored ? null : booted.image,
      imageFile: booted.restored ? null : imageFile(PACKAGE_FILES),
    };
  },

  async prepare() {
    if (!pyodide) throw new Error('the interpreter is not loaded');
    const prepare = pyodide.pyimport('pcm')['prepare'] as PyProxy;
    // callPromising: the warm-up starts threads, which suspend (JSPI).
    await prepare.callPromising();
  },

  async prepareProcesses() {
    if (!processes) throw new Error('the interpreter is not loaded');
    const handle = processes.call('warm', WARM_INTERPRETERS);
    let answer = await processes.wait(handle, 60_000);
    while (!answer.done) answer = await processes.wait(handle, 60_000);
    processes.prepare(typeof answer.value === 'number' ? answer.value : 0);
  },

  async run(source) {
    if (!pyodide || !runSnippet) throw new Error('the interpreter is not loaded');
    stop?.reset();
    // callPromising lets the snippet suspend (asyncio.run, top-level await) via JSPI. A
    // crash of the interpreter (here or in a thread) rejects the run, and the page restarts it.
    const crashed = new Promise<never>((_, reject) => (crash = reject));
    const proxy = await Promise.race([runSnippet.callPromising(source), crashed]);
    const [error, events, wallMs, threads, processLanes, errorType] = proxy.toJs({
      create_pyproxies: false,
      dict_converter: Object.fromEntries,
    }) as [string | undefined, PythonEvent[], number, Partial<ThreadStats>, string[] | undefined, string | undefined];
    proxy.destroy();
    // Python's None arrives as undefined.
    return {
      error: error ?? null,
      errorType: errorType ?? null,
      events: events.map(([lane, kind, start, end, label]) => [lane, kind, start, end, label ?? null]),
      wallMs,
      threads: threads.lanes ? (threads as ThreadStats) : null,
      processLanes: processLanes ?? [],
    };
  },
};

expose(api);
