/**
 * `multiprocessing.Manager()` in real CPython without a browser: the parent, the manager's
 * server process and other children are Pyodide interpreters under Node, in this one
 * thread, talking through a real process hub over MessageChannels. This checks what the
 * standard library's proxies see (their types, results and errors), calls that wait in the
 * server, shutdown, Stop and the trace. Every child here boots an interpreter (seconds
 * under Node), so each program checks several things with as few processes as it can. The
 * documentation's example and the cost of a call between real workers are checked in
 * Chromium (e2e/managers.spec.ts); CPython's exact output for many more uses, against
 * native CPython, in the differential programs (differential/manager).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { startProcessInterpreters, type ProcessInterpreters } from './process-interpreters';

let interpreters: ProcessInterpreters;

beforeAll(async () => {
  interpreters = await startProcessInterpreters();
}, 120_000);

const run = (source: string) => interpreters.run(source);

describe('multiprocessing.Manager over the process hub, in real CPython', () => {
  it("hands out the standard library's proxies; errors arrive with their type; shutdown ends the server", async () => {
    const { error, out } = await run(`
import multiprocessing as mp, queue, threading
from multiprocessing import managers

if __name__ == "__main__":
    # CPython's own Manager: a method of the default context.
    print(type(mp.Manager).__name__, mp.Manager.__qualname__, managers.BaseManager.start.__qualname__)
    with mp.Manager() as m:
        assert isinstance(m, managers.SyncManager)
        made = [m.dict(), m.list(), m.Namespace(), m.Value("i", 1), m.Array("i", [1]), m.Queue(),
                m.JoinableQueue(), m.Lock(), m.RLock(), m.Semaphore(), m.BoundedSemaphore(), m.Event(),
                m.Condition(), m.Barrier(2)]
        print(" ".join(type(p).__name__ for p in made))
        print(repr(made[0]).startswith("<DictProxy object, typeid 'dict' at 0x"))
        print(made[3], made[4], str(made[7]).startswith("<unlocked _thread.lock object"))
        print([p.name for p in mp.active_children()], m.address.startswith("listener-"))
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
            m.Queue().get(timeout=0.2)
        except queue.Empty:
            print("queue.Empty after the timeout")
        b = m.Barrier(2)
        b.abort()
        try:
            b.wait()
        except threading.BrokenBarrierError:
            print("BrokenBarrierError", b.broken)
        d = m.dict(a=1)
        server = m._process
    print("with", server.exitcode, mp.active_children())
    try:
        d["a"] = 2
    except BrokenPipeError:
        print("BrokenPipeError")
    m = mp.Manager()
    m.shutdown()
    print("shutdown", m._process.exitcode)
    for again in (m.start, m.get_server):
        try:
            again()
        except Exception as error:
            print(type(error).__name__, error)
    try:
        managers.SharedMemoryManager()
    except NotImplementedError:
        print("SharedMemoryManager: NotImplementedError")
    left = mp.Manager()           # never shut down: the program's end does it
    left.list([1])
    print("end")
`);
    expect(error).toBeUndefined();
    expect(out).toBe(
      [
        'method BaseContext.Manager BaseManager.start',
        'DictProxy ListProxy NamespaceProxy ValueProxy ArrayProxy AutoProxy[Queue] AutoProxy[JoinableQueue] ' +
          'AcquirerProxy AcquirerProxy AcquirerProxy AcquirerProxy EventProxy ConditionProxy BarrierProxy',
        'True',
        "Value('i', 1) array('i', [1]) True",
        "['SyncManager-1'] True",
        "KeyError 'missing'",
        'IndexError list index out of range',
        "AttributeError 'Namespace' object has no attribute 'x'",
        'Empty ',
        'RuntimeError release unlocked lock',
        'ValueError Semaphore released too many times',
        'RemoteError ValueError: semaphore initial value must be >= 0',
        'queue.Empty after the timeout',
        'BrokenBarrierError True',
        'with 0 []',
        'BrokenPipeError',
        'shutdown 0',
        'ProcessError Manager has shut down',
        'ProcessError Manager has shut down',
        'SharedMemoryManager: NotImplementedError',
        'end',
        '',
      ].join('\n'),
    );

    // Each call is a span on the caller's lane, named after its typeid and method, however
    // short; a call that waits in the server lasts as long as it waits.
    const trace = interpreters.trace();
    const calls = trace.filter(([lane, kind, , , label]) => lane === 'MainThread' && kind === 'blocked' && label);
    const get = calls.find(([, , , , label]) => label === 'manager Queue.get');
    expect(get, JSON.stringify(calls)).toBeDefined();
    expect(get![3] - get![2]).toBeGreaterThanOrEqual(190);
    expect(calls.filter(([, , , , label]) => label === 'manager dict.__getitem__')).toHaveLength(1);
    // Each server has a lane of its own: it starts up, then waits for requests between calls.
    for (const name of ['SyncManager-1', 'SyncManager-2', 'SyncManager-3']) {
      const kinds = trace.filter(([lane]) => lane === name).map(([, kind]) => kind);
      expect(kinds, name).toContain('spawn');
      expect(kinds, name).toContain('wait');
    }

    // The next program starts clean: no server of the last one is left to answer.
    expect((await run('print("next")')).out).toBe('next\n');
  }, 90_000);

  it('lets calls wait in the server while it serves others; an RLock stays with its owner', async () => {
    const { error, out } = await run(`
from multiprocessing import Manager, Process

def child(q, go, cond, state, barrier, rlock, holding, log):
    log.append(("got", q.get()))
    log.append(("event", go.wait()))
    with cond:
        log.append(("condition", cond.wait_for(lambda: state["ready"])))
    log.append(("barrier", barrier.wait() in (0, 1)))
    log.append(("rlock", rlock.acquire(timeout=0.05)))    # the parent holds it
    holding.wait()
    with cond:                                           # free while the parent waits on it
        log.append("in")
        cond.notify()

if __name__ == "__main__":
    with Manager() as m:
        q, go, cond, state = m.Queue(), m.Event(), m.Condition(), m.dict(ready=False)
        barrier, rlock, holding, log = m.Barrier(2), m.RLock(), m.Event(), m.list()
        p = Process(target=child, args=(q, go, cond, state, barrier, rlock, holding, log))
        p.start()
        q.put("item")
        go.set()
        with cond:
            state["ready"] = True
            cond.notify_all()
        rlock.acquire()
        rlock.acquire()
        barrier.wait()
        with cond:
            with cond:                                   # twice: wait must release both levels
                holding.set()
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
    expect(out).toContain(
      "notified True\n[('got', 'item'), ('event', True), ('condition', True), ('barrier', True), " +
        "('rlock', False), 'in'] 0\nRuntimeError cannot release un-acquired lock\n",
    );
  }, 60_000);

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
});
