/**
 * `multiprocessing.Manager()` in real CPython without a browser: the parent, the manager's
 * server process and other children are Pyodide interpreters under Node, in this one
 * thread, talking through a real process hub over MessageChannels. This checks what the
 * standard library's proxies see (their types, results and errors), calls that wait in the
 * server, shutdown, and the trace. The cost of a call between real workers is measured in
 * Chromium (e2e/managers.spec.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { startProcessInterpreters, type ProcessInterpreters } from './process-interpreters';

let interpreters: ProcessInterpreters;

beforeAll(async () => {
  interpreters = await startProcessInterpreters();
}, 120_000);

const run = (source: string) => interpreters.run(source);

describe('multiprocessing.Manager over the process hub, in real CPython', () => {
  it("gives the documentation example's output: a dict and a list changed by a child", async () => {
    const { error, out } = await run(`
from multiprocessing import Process, Manager

def f(d, l):
    d[1] = '1'
    d['2'] = 2
    d[0.25] = None
    l.reverse()

if __name__ == '__main__':
    with Manager() as manager:
        d = manager.dict()
        l = manager.list(range(10))
        p = Process(target=f, args=(d, l))
        p.start()
        p.join()
        print(d)
        print(l)
`);
    expect(error).toBeUndefined();
    expect(out).toBe("{1: '1', '2': 2, 0.25: None}\n[9, 8, 7, 6, 5, 4, 3, 2, 1, 0]\n");
  }, 60_000);

  it("hands out the standard library's proxy types, whose repr names the type and typeid", async () => {
    const { error, out } = await run(`
import multiprocessing as mp
from multiprocessing import managers

if __name__ == "__main__":
    with mp.Manager() as m:
        assert isinstance(m, managers.SyncManager)
        made = [m.dict(), m.list(), m.Namespace(), m.Value("i", 1), m.Array("i", [1]), m.Queue(),
                m.JoinableQueue(), m.Lock(), m.RLock(), m.Semaphore(), m.BoundedSemaphore(), m.Event(),
                m.Condition(), m.Barrier(2)]
        print(" ".join(type(p).__name__ for p in made))
        print(repr(made[0]).startswith("<DictProxy object, typeid 'dict' at 0x"))
        print(made[3], made[4], str(made[7]).startswith("<unlocked _thread.lock object"))
        print(isinstance(made[0], managers.BaseProxy), m.address.startswith("listener-"))
`);
    expect(error).toBeUndefined();
    expect(out).toContain(
      'DictProxy ListProxy NamespaceProxy ValueProxy ArrayProxy AutoProxy[Queue] AutoProxy[JoinableQueue] ' +
        'AcquirerProxy AcquirerProxy AcquirerProxy AcquirerProxy EventProxy ConditionProxy BarrierProxy\n',
    );
    expect(out).toContain("True\nValue('i', 1) array('i', [1]) True\nTrue True\n");
  }, 60_000);

  it('raises in the caller the exception the shared object raised, of the same type', async () => {
    const { error, out } = await run(`
import queue, threading
from multiprocessing import Manager, managers

if __name__ == "__main__":
    with Manager() as m:
        for call in (lambda: m.dict()["missing"], lambda: m.list()[3], lambda: m.Namespace().x,
                     lambda: m.Queue().get_nowait(), lambda: m.Lock().release(),
                     lambda: m.BoundedSemaphore().release()):
            try:
                call()
            except Exception as error:
                print(type(error).__name__, error)
        try:
            m.Semaphore(-1)                      # fails in the server's create(), as in CPython
        except managers.RemoteError as error:
            print("RemoteError", str(error).splitlines()[-2])
        try:
            m.Queue().get(timeout=0.05)
        except queue.Empty:
            print("queue.Empty after the timeout")
        b = m.Barrier(2)
        b.abort()
        try:
            b.wait()
        except threading.BrokenBarrierError:
            print("BrokenBarrierError", b.broken)
`);
    expect(error).toBeUndefined();
    expect(out).toBe(
      [
        "KeyError 'missing'",
        'IndexError list index out of range',
        "AttributeError 'Namespace' object has no attribute 'x'",
        'Empty ',
        'RuntimeError release unlocked lock',
        'ValueError Semaphore released too many times',
        'RemoteError ValueError: semaphore initial value must be >= 0',
        'queue.Empty after the timeout',
        'BrokenBarrierError True',
        '',
      ].join('\n'),
    );
  }, 60_000);

  it('shares a proxy with two children: a dict counter under a manager Lock ends exact', async () => {
    const { error, out } = await run(`
from multiprocessing import Manager, Process

def add(counts, lock, n):
    for _ in range(n):
        with lock:
            counts["total"] = counts["total"] + 1

if __name__ == "__main__":
    with Manager() as m:
        counts, lock = m.dict(total=0), m.Lock()
        workers = [Process(target=add, args=(counts, lock, 30)) for _ in range(2)]
        for w in workers:
            w.start()
        add(counts, lock, 30)
        for w in workers:
            w.join()
        print("total", counts["total"], [w.exitcode for w in workers])
`);
    expect(error).toBeUndefined();
    expect(out).toContain('total 90 [0, 0]\n');
  }, 90_000);

  it('lets calls wait in the server while it serves others: Queue, Event, Condition, Barrier', async () => {
    const { error, out } = await run(`
from multiprocessing import Manager, Process

def child(q, go, cond, state, barrier, log):
    log.append(("got", q.get()))
    log.append(("event", go.wait()))
    with cond:
        log.append(("condition", cond.wait_for(lambda: state["ready"])))
    log.append(("barrier", barrier.wait() in (0, 1)))

if __name__ == "__main__":
    with Manager() as m:
        q, go, cond, state = m.Queue(), m.Event(), m.Condition(), m.dict(ready=False)
        barrier, log = m.Barrier(2), m.list()
        p = Process(target=child, args=(q, go, cond, state, barrier, log))
        p.start()
        q.put("item")
        go.set()
        with cond:
            state["ready"] = True
            cond.notify_all()
        barrier.wait()
        p.join()
        print(list(log), p.exitcode)
`);
    expect(error).toBeUndefined();
    expect(out).toContain("[('got', 'item'), ('event', True), ('condition', True), ('barrier', True)] 0\n");
  }, 60_000);

  it('keeps an RLock with the client that holds it, and a Condition releases it fully to wait', async () => {
    const { error, out } = await run(`
from multiprocessing import Manager, Process

def try_lock(rlock, cond, log):
    log.append(rlock.acquire(timeout=0.05))        # the parent holds it
    with cond:                                     # free while the parent waits on cond
        log.append("in")
        cond.notify()

if __name__ == "__main__":
    with Manager() as m:
        rlock, log = m.RLock(), m.list()
        cond = m.Condition(m.RLock())
        rlock.acquire()
        rlock.acquire()
        with cond:
            with cond:                             # twice: wait must release both levels
                p = Process(target=try_lock, args=(rlock, cond, log))
                p.start()
                print("notified", cond.wait(30))
        p.join()
        rlock.release()
        rlock.release()
        print(list(log), p.exitcode)
        try:
            rlock.release()
        except RuntimeError as error:
            print("RuntimeError", error)
`);
    expect(error).toBeUndefined();
    expect(out).toContain("notified True\n[False, 'in'] 0\nRuntimeError cannot release un-acquired lock\n");
  }, 60_000);

  it('shuts the server down at the end of with, on shutdown(), and at the end of the program', async () => {
    const { error, out } = await run(`
from multiprocessing import Manager, active_children

if __name__ == "__main__":
    with Manager() as m:
        d = m.dict(a=1)
        print(d["a"], [p.name for p in active_children()])
        server = m._process
    print("with", server.exitcode, active_children())
    try:
        d["a"] = 2
    except BrokenPipeError:
        print("BrokenPipeError")
    m = Manager()
    m.shutdown()
    print("shutdown", m._process.exitcode)
    left = Manager()           # never shut down: the program's end does it
    left.list([1])
    print("end")
`);
    expect(error).toBeUndefined();
    expect(out).toBe("1 ['SyncManager-1']\nwith 0 []\nBrokenPipeError\nshutdown 0\nend\n");
    // The next program starts clean: no server of the last one is left to answer.
    expect((await run('print("next")')).out).toBe('next\n');
  }, 90_000);

  it('ends a wait on the manager with KeyboardInterrupt when Stop is pressed', async () => {
    const running = run(`
import time
from multiprocessing import Manager

if __name__ == "__main__":
    with Manager() as m:
        lock = m.Lock()
        lock.acquire()
        start = time.monotonic()
        try:
            print("ready", flush=True)
            lock.acquire()             # held by this very process: waits until Stop
        except KeyboardInterrupt:
            print("interrupted", time.monotonic() - start < 30)
`);
    for (let tries = 0; tries < 600 && !interpreters.printed().includes('ready'); tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 300)); // Now it waits in acquire().
    interpreters.stop();
    const { error, out } = await running;
    expect(error).toBeUndefined();
    expect(out).toContain('ready\ninterrupted True\n');
  }, 90_000);

  it('records each call on the caller’s lane, named after its method, and the server’s own lane', async () => {
    const { error } = await run(`
import queue
from multiprocessing import Manager

if __name__ == "__main__":
    with Manager() as m:
        try:
            m.Queue().get(timeout=0.2)
        except queue.Empty:
            pass
`);
    expect(error).toBeUndefined();
    const trace = interpreters.trace();
    const get = trace.find(
      ([lane, kind, , , label]) => lane === 'MainThread' && kind === 'blocked' && label === 'manager Queue.get',
    );
    expect(get, JSON.stringify(trace)).toBeDefined();
    expect(get![3] - get![2]).toBeGreaterThanOrEqual(190);
    const server = trace.filter(([lane]) => lane === 'SyncManager-1').map(([, kind]) => kind);
    expect(server).toContain('spawn');
    expect(server).toContain('wait');
  }, 60_000);

  it('serves a class registered with a BaseManager subclass, and proxies nested in shared objects', async () => {
    const { error, out } = await run(`
from multiprocessing import Process
from multiprocessing.managers import BaseManager, SyncManager

class Counter:
    def __init__(self, start):
        self.value = start
    def add(self, n):
        self.value += n
        return self.value

class CounterManager(BaseManager):
    pass

CounterManager.register("Counter", Counter)

def bump(counter, outer):
    counter.add(5)
    outer[0]["child"] = True

if __name__ == "__main__":
    with CounterManager() as cm, SyncManager() as sm:
        counter, outer = cm.Counter(10), sm.list([sm.dict()])
        p = Process(target=bump, args=(counter, outer))
        p.start()
        p.join()
        print(counter.add(1), type(counter).__name__, outer[0], type(outer[0]).__name__)
`);
    expect(error).toBeUndefined();
    expect(out).toContain("16 AutoProxy[Counter] {'child': True} DictProxy\n");
  }, 90_000);
});
