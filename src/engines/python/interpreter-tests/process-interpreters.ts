/**
 * A parent interpreter and its child processes in real CPython without a browser: Pyodide
 * under Node, all in this thread, with a real process hub between them over MessageChannels.
 * Shared by the tests of the process layer (processes.test.ts, managers.test.ts).
 */
import { loadPyodide } from 'pyodide';
import { createClient } from '../processes/client';
import { serveChild, type ChildPyodide } from '../processes/child-runtime';
import { Hub } from '../processes/hub-core';
import { writePackage } from '../boot';
import { PACKAGE_FILES } from '../package';

interface PyCallable {
  /** The runner returns a traceback string or None, which arrive as plain JavaScript values. */
  callPromising(...args: unknown[]): Promise<string | undefined>;
}

export interface ProgramRun {
  /** The traceback the program ended with, if it failed. */
  error: string | undefined;
  /** What the parent and its children printed (children's lines labelled with their names). */
  out: string;
}

export interface ProcessInterpreters {
  /** Runs a program in the parent as `__main__`, through its end (children ended with it). */
  run(source: string): Promise<ProgramRun>;
  /** What the current run has printed so far. */
  printed(): string;
  /** As the Stop button does: the parent's current or next wait ends with KeyboardInterrupt. */
  stop(): void;
  /** The last run's trace: the parent's spans and its children's lanes, `[lane, kind, start, end, label]`. */
  trace(): Array<[string, string, number, number, string | null]>;
}

function started(port: MessagePort): MessagePort {
  port.start();
  return port;
}

export async function startProcessInterpreters(): Promise<ProcessInterpreters> {
  let output = '';
  let stopping = false;
  const toHub = new MessageChannel();
  new Hub(started(toHub.port2), {
    output: (_stream, text) => (output += text),
    cpuCount: 2,
    maxWarm: 0,
    createChild() {
      const channel = new MessageChannel();
      serveChild(started(channel.port2), () => loadPyodide() as Promise<ChildPyodide>);
      return { endpoint: started(channel.port1), terminate: () => channel.port2.close() };
    },
  });
  const parent = await loadPyodide();
  parent.setStdout({ batched: (text: string) => (output += `${text}\n`) });
  parent.setStderr({ batched: (text: string) => (output += `${text}\n`) });
  const client = createClient(started(toHub.port1), () => {
    const stop = stopping;
    stopping = false;
    return stop;
  });
  parent.registerJsModule('_pcm_proc', client);
  writePackage(parent, PACKAGE_FILES);
  parent.runPython(`
import sys, types, traceback
from pcm import _multiprocessing as pcm_mp_setup, _trace

pcm_mp_setup.install()

def run(source):
    main = types.ModuleType("__main__")
    sys.modules["__main__"] = main
    _trace.begin()
    pcm_mp_setup.begin_run(source, main)
    try:
        exec(compile(source, "<snippet>", "exec"), main.__dict__)
        pcm_mp_setup.finish_run()
        return None
    except BaseException as error:
        return "".join(traceback.format_exception(error))
    finally:
        pcm_mp_setup.end_run()
`);
  return {
    async run(source) {
      output = '';
      stopping = false;
      const runner = parent.globals.get('run') as PyCallable;
      const error = await runner.callPromising(source);
      return { error, out: output };
    },
    printed: () => output,
    stop() {
      stopping = true;
      client.interrupt();
    },
    trace() {
      const events = parent.runPython('_trace.events()') as { toJs(): unknown; destroy(): void };
      const list = events.toJs() as Array<[string, string, number, number, string | null]>;
      events.destroy();
      return list;
    },
  };
}
