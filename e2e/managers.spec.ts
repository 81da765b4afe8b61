import { expect, test, type Locator } from '@playwright/test';
import { openPlayground, outputOf, runSnippet, summaryOf } from './snippets';

// A manager's server is a child process: it boots an interpreter of its own, as every
// child does, which takes seconds on a small machine.
test.describe.configure({ timeout: 240_000 });

const RUN_TIMEOUT = 150_000;

async function runPython(snippet: Locator): Promise<{ state: string; text: string }> {
  const state = await runSnippet(snippet, RUN_TIMEOUT);
  return { state, text: await outputOf(snippet).innerText() };
}

test("the documentation's Manager example prints what CPython prints; the server has a lane of its own", async ({
  page,
}) => {
  const snippet = await openPlayground(
    page,
    `from multiprocessing import Process, Manager

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
`,
    'python',
  );
  const { state, text } = await runPython(snippet);
  expect(state, text).toBe('done');
  expect(text).toContain("{1: '1', '2': 2, 0.25: None}\n[9, 8, 7, 6, 5, 4, 3, 2, 1, 0]");
  const summary = await summaryOf(snippet);
  const lane = (name: string) => summary.lanes.find((candidate) => candidate.name === name);
  // The server is a process like any other: it starts up, then waits for requests and serves them.
  expect(lane('SyncManager-1')?.spans.map((span) => span.kind)).toContain('spawn');
  expect(lane('SyncManager-1')?.spans.map((span) => span.kind)).toContain('wait');
  expect(lane('Process-2')?.spans.map((span) => span.kind)).toContain('run');
  // The parent waited for the server to start, shown on its own lane.
  const main = lane('MainThread')?.spans ?? [];
  expect(main.some((span) => span.kind === 'blocked' && span.label === 'start SyncManager-1')).toBe(true);
});

test('a proxy passed to two processes: a dict counter under a manager Lock ends exact; each call is a round trip', async ({
  page,
}) => {
  const snippet = await openPlayground(
    page,
    `import time
from multiprocessing import Manager, Process

def add(counts, lock, n):
    for _ in range(n):
        with lock:
            counts["total"] = counts["total"] + 1

if __name__ == "__main__":
    with Manager() as manager:
        counts, lock = manager.dict(total=0), manager.Lock()
        workers = [Process(target=add, args=(counts, lock, 200)) for _ in range(2)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        print("TOTAL", counts["total"], [w.exitcode for w in workers])
        start = time.perf_counter()
        for _ in range(500):
            counts["total"]
        print(f"ROUNDTRIP_MS {(time.perf_counter() - start) / 500 * 1000:.3f}")
`,
    'python',
  );
  const { state, text } = await runPython(snippet);
  expect(state, text).toBe('done');
  expect(text).toContain('TOTAL 400 [0, 0]');
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
});

test('a blocking manager call waits without using the CPU, and Stop ends it', async ({ page }) => {
  const snippet = await openPlayground(
    page,
    `from multiprocessing import Manager

if __name__ == "__main__":
    with Manager() as manager:
        lock = manager.Lock()
        lock.acquire()
        print("WAITING", flush=True)
        lock.acquire()                  # held already: waits in the server until Stop
`,
    'python',
  );
  await snippet.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(outputOf(snippet)).toContainText('WAITING', { timeout: RUN_TIMEOUT });
  await page.waitForTimeout(1_000);
  await snippet.getByRole('button', { name: 'Stop' }).click();
  await expect(snippet).toHaveAttribute('data-state', 'stopped', { timeout: 5_000 });
  const text = await outputOf(snippet).innerText();
  expect(text).toContain('KeyboardInterrupt');
  const summary = await summaryOf(snippet);
  const main = summary.lanes.find((lane) => lane.name === 'MainThread')?.spans ?? [];
  const waited = main.find((span) => span.kind === 'blocked' && span.label === 'manager Lock.acquire');
  expect(waited, JSON.stringify(main)).toBeDefined();
  // Waiting is not running: the second of waiting counts as blocked, not as CPU time.
  expect(waited!.end - waited!.start).toBeGreaterThan(900);
  expect(summary.cpu_ms).toBeLessThan(summary.wall_ms - 900);
});
