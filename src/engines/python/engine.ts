/**
 * The Python engine on the page: starts the interpreter worker on first use, runs snippets
 * in it, and stops them. Stop raises KeyboardInterrupt through Pyodide's interrupt buffer;
 * if the code has not stopped within a second the worker is terminated and a fresh
 * interpreter is started for the next run.
 */
import { whenAborted, type Engine, type RunIO, type RunOutcome } from '../../engine-core/engine';
import { summarize, type RunSummary } from '../../engine-core/trace';
import { longestLoopStall, pythonTrace } from './trace-convert';
import type { PythonRunResult } from './worker';
import { CONTROL, SIGINT } from './constants';
import { deliver, discard, interpreter, missingFeature, preload } from './interpreter';
import { ENDED_WITH_RUN } from './processes/protocol';

export type PythonRunSummary = RunSummary & {
  engine: 'python';
  longest_loop_stall_ms: number;
  /** GIL statistics when the run started threads. */
  gil_switches?: number;
  longest_gil_wait_ms?: number;
  /** Set on the run that had to start the interpreter: how long that took. */
  interpreter_startup_ms?: number;
  /** Set when child interpreters had to boot before this run: how long that took. */
  process_startup_ms?: number;
};

type PythonRunOutcome = RunOutcome<PythonRunSummary>;

const STOP_GRACE_MS = 1000;

/** Whether a program starts processes (then its child interpreters are prepared before it runs). */
function usesProcesses(source: string): boolean {
  return source.includes('multiprocessing') || source.includes('ProcessPool');
}

/** Says what Stop ended, beyond the main thread's KeyboardInterrupt (whose traceback is shown). */
function stoppedNote(result: PythonRunResult): string {
  const ended: string[] = [];
  const threads = result.threads?.leftover ?? 0;
  if (threads > 0) ended.push(`${threads} thread${threads === 1 ? '' : 's'} still running`);
  const processes = result.events.filter(([, kind, , , label]) => kind === 'mark' && label === ENDED_WITH_RUN).length;
  if (processes > 0) ended.push(`${processes} child process${processes === 1 ? '' : 'es'} still running`);
  const rest = ended.length > 0 ? `, and ended ${ended.join(' and ')}` : '';
  return `Stopped: KeyboardInterrupt was raised in the main thread${rest}.\n`;
}

/** The status of a `sys.exit(status)` from its report (`SystemExit: 3` or a message). */
function exitStatus(report: string | null): string {
  const code = /^SystemExit: (-?\d+)/.exec(report ?? '')?.[1];
  return code ?? '1';
}

async function runPython(source: string, io: RunIO): Promise<PythonRunOutcome> {
  const empty: PythonRunSummary = {
    wall_ms: 0,
    cpu_ms: 0,
    parallelism: 0,
    lanes: [],
    engine: 'python',
    longest_loop_stall_ms: 0,
  };
  const missing = missingFeature();
  if (missing) {
    io.write('stderr', `${missing}\n`);
    return { state: 'error', summary: empty };
  }
  // Stop while the interpreter starts ends the run at once; loading goes on for the next run.
  const starting = interpreter();
  const unsubscribe = starting.progress.subscribe((progress) => io.onProgress?.(progress));
  const loaded = await Promise.race([starting.interpreter, whenAborted(io.signal)]).finally(unsubscribe);
  if (loaded === 'aborted') {
    io.write('info', 'Stopped before the program started: the interpreter was still starting.\n');
    return { state: 'stopped', summary: empty };
  }
  const instance = loaded;
  // Child interpreters boot before the program starts, not while it is being timed.
  let processStartup: number | undefined;
  if (usesProcesses(source)) {
    io.onProgress?.({ text: 'Preparing child processes…' });
    const preparing = performance.now();
    const prepared = await Promise.race([instance.api.prepareProcesses(), whenAborted(io.signal)]);
    // Under a few milliseconds the children were ready already: nothing worth reporting.
    if (performance.now() - preparing > 5) processStartup = Math.round(performance.now() - preparing);
    if (prepared === 'aborted') {
      io.write('info', 'Stopped before the program started: child processes were being prepared.\n');
      return { state: 'stopped', summary: empty };
    }
  }
  const startup = instance.startupReported ? undefined : instance.startupMs;
  instance.startupReported = true;
  // Anything left from an earlier run (a daemon thread printing after the end) is not this run's.
  deliver(instance);
  instance.interrupt[0] = 0;
  Atomics.store(instance.control, CONTROL.stop, 0);
  instance.sink.write = io.write;

  let stopTimer: ReturnType<typeof setTimeout> | undefined;
  const killed = new Promise<'killed'>((resolve) => {
    const onAbort = (): void => {
      instance.interrupt[0] = SIGINT;
      Atomics.store(instance.control, CONTROL.stop, 1);
      Atomics.notify(instance.control, CONTROL.stop);
      stopTimer = setTimeout(() => {
        discard(instance);
        resolve('killed');
      }, STOP_GRACE_MS);
    };
    if (io.signal.aborted) onAbort();
    else io.signal.addEventListener('abort', onAbort, { once: true });
  });
  const crashed = new Promise<'crashed'>((resolve) => {
    instance.worker.addEventListener('error', () => resolve('crashed'), { once: true });
  });

  io.onStart?.();
  // The switch ticker (switch-ticker.ts) raises GIL drop requests only while code runs.
  Atomics.store(instance.control, CONTROL.running, 1);
  Atomics.notify(instance.control, CONTROL.running);
  // A run that rejects is a crash of the interpreter (a Pyodide fatal error), told as one.
  const failed = (error: unknown): { crash: string } => ({
    crash: error instanceof Error ? error.message : String(error),
  });
  const result = await Promise.race([instance.api.run(source).catch(failed), killed, crashed]);
  Atomics.store(instance.control, CONTROL.running, 0);
  clearTimeout(stopTimer);
  // Everything the run printed was written before its answer was sent: show it all first.
  deliver(instance);
  instance.sink.write = () => {};
  if (result === 'killed') {
    io.write(
      'info',
      'Stopped. The code did not respond to KeyboardInterrupt within a second, so the interpreter was restarted.\n',
    );
    return { state: 'stopped', summary: empty };
  }
  if (result === 'crashed' || 'crash' in result) {
    discard(instance);
    const what =
      result === 'crashed'
        ? 'The Python worker crashed (out of memory?)'
        : `The Python interpreter crashed (${result.crash})`;
    io.write('stderr', `${what}. The next run starts a fresh interpreter.\n`);
    return { state: 'error', summary: empty };
  }
  // A program that used threads leaves suspended stacks behind (finished threads' JSPI
  // state, daemon threads that CPython would kill at exit), and reusing such an interpreter
  // proved unstable. So it is retired, as a process would exit, and a fresh one starts
  // loading at once in the background for the next run.
  if (result.threads) {
    discard(instance);
    preload();
  }
  // Lanes of threads and of child processes come complete; only the rest is inferred.
  const spans = pythonTrace(result.events, result.wallMs, [...(result.threads?.lanes ?? []), ...result.processLanes]);
  const summary: PythonRunSummary = {
    ...summarize(spans, result.wallMs),
    engine: 'python',
    longest_loop_stall_ms: longestLoopStall(result.events),
    ...(startup === undefined ? {} : { interpreter_startup_ms: startup }),
    ...(processStartup === undefined ? {} : { process_startup_ms: processStartup }),
    ...(result.threads
      ? { gil_switches: result.threads.switches, longest_gil_wait_ms: result.threads.longest_gil_wait_ms }
      : {}),
  };
  if (io.signal.aborted && result.errorType === 'KeyboardInterrupt') {
    io.write('info', stoppedNote(result));
    return { state: 'stopped', summary };
  }
  if (result.errorType === 'SystemExit')
    io.write('info', `The program exited with status ${exitStatus(result.error)}.\n`);
  return { state: result.error === null ? 'done' : 'error', summary };
}

/** Python on CPython (Pyodide) in a worker: threads, asyncio and processes as in CPython. */
export const pythonEngine: Engine = {
  run: (request, io) => runPython(request.source, io),
  preload,
};
