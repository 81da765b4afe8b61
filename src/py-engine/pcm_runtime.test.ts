/**
 * The Python runtime helpers, tested in real CPython: Pyodide running under Node, with the
 * same module the browser worker loads.
 */
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { Gil } from './gil';
import { PROCESS_FILES } from './processes/files';

let py: PyodideAPI;
let output = '';

interface PyCallable {
  (...args: unknown[]): { toJs(): unknown; destroy(): void };
}

async function run(
  source: string,
): Promise<{ error: string | undefined; events: unknown[][]; wall: number; out: string }> {
  output = '';
  const runSnippet = py.pyimport('pcm_runtime').run_snippet as PyCallable;
  const proxy = runSnippet(source);
  const [error, events, wall] = proxy.toJs() as [string | undefined, unknown[][], number, unknown];
  proxy.destroy();
  return { error, events, wall, out: output };
}

beforeAll(async () => {
  py = await loadPyodide();
  py.setStdout({ batched: (text: string) => (output += `${text}\n`) });
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  py.registerJsModule('_pcm_js', {
    block_sleep: (seconds: number) => Atomics.wait(sleeper, 0, 0, seconds * 1000),
    // Green threads need JSPI stacks, which these synchronous tests do not start.
    spawn: () => {
      throw new Error('threads are tested in the browser');
    },
    gil: new Gil(Number(py.runPython('import _thread; _thread.get_ident()')), {
      now: () => performance.now(),
      setTimer: (callback, ms) => setTimeout(callback, ms),
      clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    }),
    set_switch_interval: () => {},
  });
  // Child processes need workers; these tests only check that the runtime loads with them.
  py.registerJsModule('_pcm_proc', {
    call: () => Promise.resolve(undefined),
    send: () => {},
    now: () => performance.timeOrigin + performance.now(),
    cpu_count: () => 2,
  });
  for (const name of ['pcm_threads.py', 'pcm_preempt.py', 'pcm_thread_loop.py', 'pcm_runtime.py', ...PROCESS_FILES]) {
    py.FS.writeFile(`/home/pyodide/${name}`, await readFile(new URL(`./${name}`, import.meta.url), 'utf8'));
  }
  py.runPython('import sys\nsys.path.insert(0, "/home/pyodide")');
}, 60_000);

describe('pcm_runtime.run_snippet', () => {
  it('runs code as __main__ and captures its output', async () => {
    const result = await run('print(__name__)\nprint(sum(range(10)))');
    expect(result.error).toBeUndefined();
    expect(result.out).toBe('__main__\n45\n');
  });

  it('gives every run a fresh namespace', async () => {
    await run('leaked = 1');
    expect((await run('print("leaked" in globals())')).out).toBe('False\n');
  });

  it('reports a traceback of the reader’s lines only, quoting them', async () => {
    const { error } = await run('def f():\n    return 1 / 0\n\nf()\n');
    expect(error).toContain('File "<snippet>", line 4, in <module>');
    expect(error).toContain('File "<snippet>", line 2, in f');
    expect(error).toContain('return 1 / 0');
    expect(error).not.toContain('pcm_runtime');
    expect(error).toMatch(/ZeroDivisionError: division by zero\n$/);
  });

  it('points a syntax error at its line', async () => {
    const { error } = await run('x = 1\nif x\n    pass\n');
    expect(error).toContain('line 2');
    expect(error).toContain('SyntaxError');
  });

  it('records time.sleep as a sleep on the main thread, measured by the real clock', async () => {
    const { events, wall } = await run('import time\ntime.sleep(0.1)');
    const sleep = events.find((event) => event[1] === 'sleep');
    expect(sleep?.[0]).toBe('MainThread');
    expect(Number(sleep?.[3]) - Number(sleep?.[2])).toBeGreaterThanOrEqual(95);
    expect(wall).toBeGreaterThanOrEqual(95);
  });

  it('refuses input() with a clear message', async () => {
    expect((await run('input()')).error).toContain('input() is not supported here');
  });
});
