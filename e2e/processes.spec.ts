import { expect, test, type Locator } from './fixtures';
import { openPlayground, outputOf, runSnippet, summaryOf } from './snippets';

// Child processes boot their own interpreters, which takes seconds each on a small machine.
test.describe.configure({ timeout: 240_000 });

const RUN_TIMEOUT = 150_000;

async function runPython(snippet: Locator): Promise<{ state: string; text: string }> {
  const state = await runSnippet(snippet, RUN_TIMEOUT);
  return { state, text: await outputOf(snippet).innerText() };
}

test('a Pool of 2 shows each worker on its own timeline lane, started and then running', async ({ page }) => {
  // The speed-up itself is checked on a first run in fidelity.spec.ts.
  const snippet = await openPlayground(
    page,
    `from multiprocessing import Pool

def cpu(n):
    return sum(i * i for i in range(n))

if __name__ == "__main__":
    with Pool(2) as pool:
        print(pool.map(cpu, [200_000] * 8, chunksize=1)[0])
`,
    'python',
  );
  const { state, text } = await runPython(snippet);
  expect(state, text).toBe('done');
  expect(text).toContain('2666646666700000');
  const summary = await summaryOf(snippet);
  const workers = summary.lanes.filter((lane) => lane.name.startsWith('SpawnPoolWorker'));
  expect(workers).toHaveLength(2);
  for (const lane of workers) {
    expect(lane.spans.some((span) => span.kind === 'spawn')).toBe(true);
    expect(lane.spans.some((span) => span.kind === 'run')).toBe(true);
  }
});

test('Pool.map keeps input order; a Queue delivers every item exactly once', async ({ page }) => {
  const snippet = await openPlayground(
    page,
    `import multiprocessing as mp
import os
import time

def slow_square(n):
    time.sleep(0.02 * (10 - n))      # later inputs finish first
    return n * n

def produce(queue, start):
    for n in range(start, start + 100):
        queue.put(n)

def consume(queue, results):
    while (n := queue.get()) is not None:
        results.put((n, os.getpid()))

if __name__ == "__main__":
    with mp.Pool(3) as pool:
        print("MAP", pool.map(slow_square, range(10), chunksize=1) == [n * n for n in range(10)])
    queue, results = mp.Queue(), mp.Queue()
    producers = [mp.Process(target=produce, args=(queue, k * 100)) for k in range(2)]
    consumers = [mp.Process(target=consume, args=(queue, results)) for _ in range(2)]
    for p in producers + consumers:
        p.start()
    for p in producers:
        p.join()
    for _ in consumers:
        queue.put(None)
    got = [results.get(timeout=60) for _ in range(200)]
    for p in consumers:
        p.join()
    print("QUEUE", sorted(n for n, _ in got) == list(range(200)), len(got))
    print("PIDS", len({pid for _, pid in got}) >= 1, os.getpid() not in {pid for _, pid in got})
`,
    'python',
  );
  const { state, text } = await runPython(snippet);
  expect(state, text).toBe('done');
  expect(text).toContain('MAP True');
  expect(text).toContain('QUEUE True 200');
  expect(text).toContain('PIDS True True');
});

test("a child's exception reaches the parent with the child's traceback", async ({ page }) => {
  const snippet = await openPlayground(
    page,
    `from concurrent.futures import ProcessPoolExecutor

def parse(text):
    return int(text)

if __name__ == "__main__":
    with ProcessPoolExecutor(2) as pool:
        print(list(pool.map(parse, ["1", "2", "three"])))
`,
    'python',
  );
  const { state, text } = await runPython(snippet);
  expect(state).toBe('error');
  expect(text).toContain('RemoteTraceback');
  expect(text).toContain('line 4, in parse');
  expect(text).toContain("ValueError: invalid literal for int() with base 10: 'three'");
});

test('a missing main guard gives the clear bootstrapping error, not endless spawning', async ({ page }) => {
  const snippet = await openPlayground(
    page,
    `import multiprocessing as mp

def work():
    print("working")

p = mp.Process(target=work)
p.start()
p.join()
print("child exit code:", p.exitcode)
`,
    'python',
  );
  const { state, text } = await runPython(snippet);
  expect(state, text).toBe('done');
  expect(text).toContain('[Process-1] RuntimeError');
  expect(text).toContain('bootstrapping phase');
  expect(text).toContain('if __name__ == "__main__":');
  expect(text).toContain('child exit code: 1');
  expect(text).not.toContain('working');
  const summary = await summaryOf(snippet);
  expect(summary.lanes.filter((lane) => lane.name.startsWith('Process-'))).toHaveLength(1);
});

test('fork is refused with an explanation; get_start_method says spawn', async ({ page }) => {
  // As in CPython, get_start_method() fixes the context, so changing it afterwards needs force.
  const snippet = await openPlayground(
    page,
    `import multiprocessing as mp
print("METHOD", mp.get_start_method(), mp.cpu_count() >= 1)
mp.set_start_method("fork", force=True)
`,
    'python',
  );
  const { state, text } = await runPython(snippet);
  expect(state).toBe('error');
  expect(text).toContain('METHOD spawn True');
  expect(text).toContain('cannot be forked');
});

test('terminate() ends a child stuck in a loop; Stop ends every child and the parent', async ({ page }) => {
  const snippet = await openPlayground(
    page,
    `import multiprocessing as mp
import time

def spin(ready):
    print("spinning", flush=True)
    ready.set()
    while True:
        pass

if __name__ == "__main__":
    ready = mp.Event()
    stuck = mp.Process(target=spin, args=(ready,))
    stuck.start()
    ready.wait(120)                   # the child is in its loop
    stuck.terminate()
    stuck.join(timeout=10)
    print("TERMINATED", stuck.exitcode)
    other = mp.Process(target=spin, args=(mp.Event(),))
    other.start()
    other.join()
`,
    'python',
  );
  await snippet.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(outputOf(snippet)).toContainText('TERMINATED -15', { timeout: RUN_TIMEOUT });
  await expect
    .poll(async () => ((await outputOf(snippet).innerText()).match(/spinning/g) ?? []).length, {
      timeout: RUN_TIMEOUT,
    })
    .toBe(2);
  await snippet.getByRole('button', { name: 'Stop' }).click();
  await expect(snippet).toHaveAttribute('data-state', 'stopped', { timeout: 5_000 });
  // One child was still running (the other was terminated already): Stop ended it too.
  await expect(outputOf(snippet)).toContainText('ended 1 child process still running');
});

test('every visit and every child process draws its own random numbers, as each CPython process does', async ({
  page,
}) => {
  // Every interpreter starts from the same memory image; each must still seed itself afresh.
  const code = `import random
print("DRAW", random.random())
`;
  const draws: string[] = [];
  for (const visit of [page, await page.context().newPage()]) {
    const snippet = await openPlayground(visit, code, 'python');
    const { state, text } = await runPython(snippet);
    expect(state).toBe('done');
    draws.push(text.trim());
  }
  expect(draws[0]).toMatch(/^DRAW 0\.\d+$/);
  expect(draws[1]).not.toBe(draws[0]);
});
