/**
 * The whole process layer in real CPython without a browser: a parent interpreter and child
 * interpreters (Pyodide under Node, all in this thread) talk to a real hub over
 * MessageChannels. This checks the pickling and transport: spawn semantics, targets found by
 * reference in `__mp_main__`, queues, pools and remote tracebacks. Timing and shared memory
 * need real parallel workers and are tested in Chromium (e2e/processes.spec.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { startProcessInterpreters, type ProcessInterpreters } from './process-interpreters';

let interpreters: ProcessInterpreters;

beforeAll(async () => {
  interpreters = await startProcessInterpreters();
}, 120_000);

const run = (source: string) => interpreters.run(source);

describe('multiprocessing over the process hub, in real CPython', () => {
  it('runs a target in a child that re-ran the program as __mp_main__, with its own pid', async () => {
    const { error, out } = await run(`
import multiprocessing as mp, os
print("module runs as", __name__)

def greet(word, parent):
    print(word, os.getpid() != parent, mp.current_process().name)

if __name__ == "__main__":
    p = mp.Process(target=greet, args=("hello",), kwargs={"parent": os.getpid()})
    p.start()
    p.join()
    print("exitcode", p.exitcode, mp.get_start_method())
`);
    expect(error).toBeUndefined();
    expect(out).toContain('module runs as __main__\n');
    expect(out).toContain('[Process-1] module runs as __mp_main__\n');
    expect(out).toContain('[Process-1] hello True Process-1\n');
    expect(out).toContain('exitcode 0 spawn\n');
  }, 60_000);

  it('passes items through a queue, each exactly once, and reports a child exception as exit code 1', async () => {
    const { error, out } = await run(`
import multiprocessing as mp

def double(tasks, results):
    while (n := tasks.get()) is not None:
        results.put(n * 2)

def fail():
    raise ValueError("child failed")

if __name__ == "__main__":
    tasks, results = mp.Queue(), mp.Queue()
    p = mp.Process(target=double, args=(tasks, results))
    p.start()
    for n in range(50):
        tasks.put(n)
    tasks.put(None)
    got = sorted(results.get() for _ in range(50))
    p.join()
    print("all once", got == [n * 2 for n in range(50)])
    bad = mp.Process(target=fail)
    bad.start()
    bad.join()
    print("bad exitcode", bad.exitcode)
`);
    expect(error).toBeUndefined();
    expect(out).toContain('all once True\n');
    expect(out).toContain('[Process-2] ValueError: child failed\n');
    expect(out).toContain('bad exitcode 1\n');
  }, 60_000);

  it('keeps Pool.map in order and re-raises a worker exception with its traceback', async () => {
    const { error, out } = await run(`
from multiprocessing import Pool

def square(x):
    if x == 7:
        raise KeyError(x)
    return x * x

if __name__ == "__main__":
    with Pool(2) as pool:
        print(pool.map(square, range(7), chunksize=2))
        pool.map(square, range(10))
`);
    expect(out).toContain('[0, 1, 4, 9, 16, 25, 36]\n');
    expect(error).toContain('multiprocessing.pool.RemoteTraceback');
    expect(error).toContain('File "<snippet>", line 6, in square');
    expect(error).toMatch(/KeyError: 7\n$/);
  }, 60_000);

  it('refuses to start a process while the child is still importing the program', async () => {
    const { error, out } = await run(`
import multiprocessing as mp

def work():
    pass

p = mp.Process(target=work)
p.start()
p.join()
print("child exit code:", p.exitcode)
`);
    expect(error).toBeUndefined();
    expect(out).toContain('bootstrapping phase');
    expect(out).toContain('child exit code: 1\n');
  }, 60_000);

  it('shares Value, Array and SharedMemory through SharedArrayBuffers that survive pickling', async () => {
    const { error, out } = await run(`
import multiprocessing as mp, pickle
from multiprocessing import shared_memory

v = mp.Value("i", 5)
copy = pickle.loads(pickle.dumps(v))      # what a child gets: the same shared buffer
copy.value += 10
print("value", v.value)
a = mp.Array("q", [1, 2, 3])
pickle.loads(pickle.dumps(a))[1] = 2**40
print("array", a[:], len(a), list(a))
d = mp.Array("d", 4)
d[1:3] = [0.5, 1.5]
print("doubles", d[:])
lock = v.get_lock()
print("lock", lock.acquire(), lock.acquire(timeout=0.05), end=" ")
lock.release()
print(lock.acquire(False))
block = shared_memory.SharedMemory(create=True, size=8)
other = shared_memory.SharedMemory(name=block.name)
other.buf[0:3] = b"abc"
print("shm", bytes(block.buf[:3]), block.buf[0], block.size)
`);
    expect(error).toBeUndefined();
    expect(out).toContain('value 15\n');
    expect(out).toContain('array [1, 1099511627776, 3] 3 [1, 1099511627776, 3]\n');
    expect(out).toContain('doubles [0.0, 0.5, 1.5, 0.0]\n');
    expect(out).toContain('lock True False True\n');
    expect(out).toContain("shm b'abc' 97 8\n");
  });

  it("knows a started process's pid at once, inside asyncio.run too, and after the process ends", async () => {
    const { error, out } = await run(`
import asyncio, multiprocessing as mp, os

def idle():
    pass

if __name__ == "__main__":
    first, second = mp.Process(target=idle), mp.Process(target=idle)
    print("before start", first.pid)
    first.start()
    second.start()

    async def main():
        return first.pid, second.pid

    pids = asyncio.run(main())
    print("pids", all(isinstance(pid, int) for pid in pids), len(set(pids)), os.getpid() not in pids)
    print("same", pids == (first.pid, second.pid))
    first.join()
    second.join()
    print("after join", (first.pid, second.pid) == pids, first.exitcode, second.exitcode)
`);
    expect(error).toBeUndefined();
    expect(out).toContain('before start None\n');
    expect(out).toContain('pids True 2 True\n');
    expect(out).toContain('same True\n');
    expect(out).toContain('after join True 0 0\n');
  }, 60_000);

  it('explains that the browser cannot fork', async () => {
    const { error } = await run('import multiprocessing as mp\nmp.get_context("fork")\n');
    expect(error).toContain("ValueError: The 'fork' start method is not available in the browser");
  });
});
