/**
 * `multiprocessing.Manager()` in the browser: the server is a child process on a Web Worker,
 * reached through the process hub. One page runs the three programs one after the other,
 * since booting the page's interpreter is most of what a test here costs. What the proxies
 * return and raise is checked in real CPython under Node (interpreter-tests/managers.test.ts)
 * and against native CPython (the differential programs in interpreter-tests/differential/manager).
 */
import { expect, test, type Locator } from './fixtures';
import { openPlayground, outputOf, runSnippet, summaryOf, type Summary } from './snippets';

// A manager's server is a child process: it boots an interpreter of its own, as every
// child does, which takes seconds on a small machine.
test.describe.configure({ timeout: 240_000 });

const RUN_TIMEOUT = 150_000;

const DOCUMENTATION_EXAMPLE = `from multiprocessing import Process, Manager

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
`;

const COUNTER = `import queue, time
from multiprocessing import Manager, Process

def add(counts, lock, n):
    for _ in range(n):
        with lock:
            counts["total"] = counts["total"] + 1

if __name__ == "__main__":
    with Manager() as manager:
        counts, lock = manager.dict(total=0), manager.Lock()
        workers = [Process(target=add, args=(counts, lock, 100)) for _ in range(2)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        print("TOTAL", counts["total"], [w.exitcode for w in workers])
        start = time.perf_counter()
        for _ in range(200):
            counts["total"]
        print(f"ROUNDTRIP_MS {(time.perf_counter() - start) / 200 * 1000:.3f}")
        try:
            manager.Queue().get_nowait()
        except queue.Empty as error:         # the page's queue.Empty, whatever the server's is
            print("EMPTY")
`;

const WAIT_FOREVER = `from multiprocessing import Manager

if __name__ == "__main__":
    with Manager() as manager:
        lock = manager.Lock()
        lock.acquire()
        print("WAITING", flush=True)
        lock.acquire()                  # held already: waits in the server until Stop
`;

async function setCode(snippet: Locator, code: string): Promise<void> {
  await snippet.evaluate(
    (element, source) => (element as unknown as { setCode(code: string): void }).setCode(source),
    code,
  );
}

const spansOf = (summary: Summary, lane: string) => summary.lanes.find((entry) => entry.name === lane)?.spans ?? [];

test('Manager in the browser: the documentation example, proxies passed to children, round trips, Stop', async ({
  page,
}) => {
  const snippet = await openPlayground(page, DOCUMENTATION_EXAMPLE, 'python');

  await test.step("the documentation's example prints what CPython prints; the server has a lane", async () => {
    const state = await runSnippet(snippet, RUN_TIMEOUT);
    const text = await outputOf(snippet).innerText();
    expect(state, text).toBe('done');
    expect(text).toContain("{1: '1', '2': 2, 0.25: None}\n[9, 8, 7, 6, 5, 4, 3, 2, 1, 0]");
    const summary = await summaryOf(snippet);
    // The server is a process like any other: it starts up, then waits for requests and serves them.
    const server = spansOf(summary, 'SyncManager-1').map((span) => span.kind);
    expect(server).toContain('spawn');
    expect(server).toContain('wait');
    expect(spansOf(summary, 'Process-2').map((span) => span.kind)).toContain('run');
    const main = spansOf(summary, 'MainThread');
    // The parent waited for the server to start, and each call on a proxy is a span of its own.
    expect(main.some((span) => span.kind === 'blocked' && span.label === 'start SyncManager-1')).toBe(true);
    expect(main.filter((span) => span.label === 'manager dict.__repr__')).toHaveLength(1);
    expect(spansOf(summary, 'Process-2').some((span) => span.label === 'manager list.reverse')).toBe(true);
  });

  await test.step('a proxy passed to two processes: a counter under a manager Lock ends exact', async () => {
    await setCode(snippet, COUNTER);
    const state = await runSnippet(snippet, RUN_TIMEOUT);
    const text = await outputOf(snippet).innerText();
    expect(state, text).toBe('done');
    expect(text).toContain('TOTAL 200 [0, 0]');
    expect(text).toContain('EMPTY\n');
    const roundTrip = Number(/ROUNDTRIP_MS ([\d.]+)/.exec(text)?.[1]);
    // A read of a local dict takes well under a microsecond; through the manager it is two
    // messages each way between workers. The upper bound catches a call that waits for a
    // timer (a wait slice is 50 ms) instead of being woken by its reply.
    expect(roundTrip, text).toBeGreaterThan(0.02);
    expect(roundTrip, text).toBeLessThan(10);
    const summary = await summaryOf(snippet);
    for (const name of ['SyncManager-1', 'Process-2', 'Process-3']) {
      expect(summary.lanes.map((lane) => lane.name)).toContain(name);
    }
    // Every read of the timing loop shows on the parent's lane, however short.
    const reads = spansOf(summary, 'MainThread').filter((span) => span.label === 'manager dict.__getitem__');
    expect(reads.length).toBeGreaterThanOrEqual(201);
  });

  await test.step('a blocking manager call waits without using the CPU, and Stop ends it', async () => {
    await setCode(snippet, WAIT_FOREVER);
    await snippet.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(outputOf(snippet)).toContainText('WAITING', { timeout: RUN_TIMEOUT });
    await page.waitForTimeout(1_000);
    await snippet.getByRole('button', { name: 'Stop' }).click();
    await expect(snippet).toHaveAttribute('data-state', 'stopped', { timeout: 5_000 });
    expect(await outputOf(snippet).innerText()).toContain('KeyboardInterrupt');
    const summary = await summaryOf(snippet);
    const main = spansOf(summary, 'MainThread');
    // The first acquire is answered at once; the second waits in the server until Stop.
    const waited = main.filter((span) => span.kind === 'blocked' && span.label === 'manager Lock.acquire').at(-1);
    expect(waited, JSON.stringify(main)).toBeDefined();
    // Waiting is not running: the second of waiting counts as blocked, not as CPU time.
    expect(waited!.end - waited!.start).toBeGreaterThan(900);
    expect(summary.cpu_ms).toBeLessThan(summary.wall_ms - 900);
  });
});
