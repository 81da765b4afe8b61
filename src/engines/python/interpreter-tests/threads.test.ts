/**
 * The green threads' Python side, in real CPython without a browser: Pyodide under Node 24,
 * which has JavaScript Promise Integration, so threads suspend and resume as in the page.
 * Preemption needs the switch ticker (a browser worker) and is tested end to end instead;
 * here threads change hands at blocking calls, which is where the bookkeeping lives.
 */
import { describe, expect, it } from 'vitest';
import { loadSiteInterpreter, type SiteOptions } from './site-interpreter';

interface PyProxy {
  callPromising(...args: unknown[]): Promise<{ toJs(): unknown; destroy(): void }>;
  destroy(): void;
}

/** Runs a snippet in a fresh interpreter, as the page does after a threaded run. */
async function run(source: string, options: SiteOptions = {}): Promise<{ error: string | undefined; out: string }> {
  let out = '';
  const py = await loadSiteInterpreter((text) => (out += text), options);
  const runSnippet = py.pyimport('pcm').run_snippet as unknown as PyProxy;
  const proxy = await runSnippet.callPromising(source);
  const [error] = proxy.toJs() as [string | undefined];
  proxy.destroy();
  return { error, out };
}

describe('pcm_threads on the GIL scheduler', () => {
  it('overlaps sleeping threads and keeps their shared counter exact under a lock', async () => {
    const { error, out } = await run(`
import threading, time
count = 0
lock = threading.Lock()
def work():
    global count
    for _ in range(50):
        with lock:
            value = count
            time.sleep(0)
            count = value + 1
    time.sleep(0.2)
start = time.perf_counter()
threads = [threading.Thread(target=work) for _ in range(5)]
for t in threads: t.start()
for t in threads: t.join()
print(count, time.perf_counter() - start < 0.8)
`);
    expect(error).toBeUndefined();
    expect(out).toBe('250 True\n');
  }, 30_000);

  it('delivers every queued item exactly once and keeps ThreadPoolExecutor.map in order', async () => {
    const { error, out } = await run(`
import queue, threading
from concurrent.futures import ThreadPoolExecutor
q, seen = queue.Queue(), []
def consumer():
    while (item := q.get()) is not None:
        seen.append(item)
workers = [threading.Thread(target=consumer) for _ in range(3)]
for w in workers: w.start()
for i in range(60): q.put(i)
for _ in workers: q.put(None)
for w in workers: w.join()
print(sorted(seen) == list(range(60)))
with ThreadPoolExecutor(4) as pool:
    print(list(pool.map(lambda n: n * n, range(8))))
`);
    expect(error).toBeUndefined();
    expect(out).toBe('True\n[0, 1, 4, 9, 16, 25, 36, 49]\n');
  }, 30_000);

  it('reports a deadlock with each thread and the line where it waits', async () => {
    const { error } = await run(`
import threading, time
a, b = threading.Lock(), threading.Lock()
def one():
    with a:
        time.sleep(0.05)
        with b: pass
def two():
    with b:
        time.sleep(0.05)
        with a: pass
t1, t2 = threading.Thread(target=one), threading.Thread(target=two)
t1.start(); t2.start(); t1.join(); t2.join()
`);
    expect(error).toContain('Deadlock: every thread is waiting');
    expect(error).toMatch(/Thread-1 \(one\) waits for a lock at line 7, in one/);
    expect(error).toMatch(/Thread-2 \(two\) waits for a lock at line 11, in two/);
    expect(error).toContain('MainThread waits for a thread to finish (join)');
  }, 30_000);

  it('runs asyncio.to_thread calls at the same time, beside a running event loop', async () => {
    const { error, out } = await run(`
import asyncio, time
def blocking(n):
    time.sleep(0.2)
    return n
async def main():
    start = time.perf_counter()
    results = await asyncio.gather(*(asyncio.to_thread(blocking, n) for n in range(4)))
    print(results, time.perf_counter() - start < 0.6)
asyncio.run(main())
`);
    expect(error).toBeUndefined();
    expect(out).toBe('[0, 1, 2, 3] True\n');
  }, 30_000);

  it('counts the browser’s cores, and sizes the pools from them as CPython does', async () => {
    const { error, out } = await run(
      `
import multiprocessing, os
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.pool import ThreadPool
with ThreadPoolExecutor() as executor, ThreadPool() as pool:
    print(os.cpu_count(), os.process_cpu_count(), multiprocessing.cpu_count(), executor._max_workers, pool._processes)
`,
      { cores: 3 },
    );
    expect(error).toBeUndefined();
    expect(out).toBe('3 3 3 7 3\n');
  }, 30_000);

  it('releases the GIL while a thread waits for a process', async () => {
    // The stand-in hub never answers, so the main thread waits on a queue until Stop; the
    // other thread must run meanwhile and end the wait by interrupting the main thread.
    const { error, out } = await run(`
import _thread, multiprocessing, threading, time
def other():
    time.sleep(0.05)
    print("the other thread ran")
    _thread.interrupt_main()
threading.Thread(target=other).start()
try:
    multiprocessing.Queue().get(timeout=5)
except KeyboardInterrupt:
    print("interrupted")
`);
    expect(error).toBeUndefined();
    expect(out).toBe('the other thread ran\ninterrupted\n');
  }, 30_000);
});
