/**
 * The Python runtime helpers, tested in real CPython: Pyodide running under Node, with the
 * same module the browser worker loads.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { PyodideAPI } from 'pyodide';
import { loadSiteInterpreter } from './site-interpreter';

let py: PyodideAPI;
let output = '';

interface PyCallable {
  (...args: unknown[]): { toJs(): unknown; destroy(): void };
}

async function run(
  source: string,
): Promise<{ error: string | undefined; events: unknown[][]; wall: number; out: string }> {
  output = '';
  const runSnippet = py.pyimport('pcm').run_snippet as PyCallable;
  const proxy = runSnippet(source);
  const [error, events, wall] = proxy.toJs() as [string | undefined, unknown[][], number, unknown];
  proxy.destroy();
  return { error, events, wall, out: output };
}

beforeAll(async () => {
  py = await loadSiteInterpreter((text) => (output += text));
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

  it('knows the program’s own stack as the main thread (Stop and preemption depend on it)', async () => {
    const { out } = await run('from pcm import _scheduler\nprint(_scheduler.stack_owner() == _scheduler.MAIN_IDENT)');
    expect(out).toBe('True\n');
  });

  it('counts a Stop that surfaces wrapped (a conversion error caused by KeyboardInterrupt) as Stop', async () => {
    // Stop raises KeyboardInterrupt wherever Python is; inside Pyodide's conversion of a value for
    // JavaScript it comes out as the cause of another error. Stop is pretended here, by swapping
    // the runtime's view of the stop flag, since the moment a real one lands cannot be chosen.
    const wrapped = 'raise RuntimeError("conversion failed") from KeyboardInterrupt()';
    const runSnippet = py.pyimport('pcm').run_snippet as PyCallable;
    const typeOf = (): unknown => {
      const proxy = runSnippet(wrapped);
      const type = (proxy.toJs() as unknown[])[5];
      proxy.destroy();
      return type;
    };
    expect(typeOf()).toBe('RuntimeError');
    py.runPython(`
from pcm import _runtime
_real_js = _runtime._pcm_js
class _Stopped:
    def __getattr__(self, name):
        return getattr(_real_js, name)
    def stop_requested(self):
        return True
_runtime._pcm_js = _Stopped()`);
    try {
      expect(typeOf()).toBe('KeyboardInterrupt');
    } finally {
      py.runPython('_runtime._pcm_js = _real_js');
    }
  });

  it('refuses input() with a clear message', async () => {
    expect((await run('input()')).error).toContain('input() is not supported here');
  });
});
