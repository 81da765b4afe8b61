/**
 * Nothing printed is ever lost, and Stop ends a run quickly in every state it can be in.
 * Output is checked line by line over many runs in one page; Stop is timed inside the page,
 * from the click to the moment the snippet's state says "stopped".
 */
import { expect, test, type Locator } from './fixtures';
import { openPlayground, outputOf, runSnippet } from './snippets';

test.describe.configure({ timeout: 240_000 });

const RUNS = 20;

/** Runs the snippet `RUNS` times in the same page and checks every line each time. */
async function everyLineEveryRun(snippet: Locator, expected: (text: string) => void): Promise<void> {
  for (let run = 1; run <= RUNS; run += 1) {
    const state = await runSnippet(snippet, 60_000);
    const text = await outputOf(snippet).innerText();
    expect(state, `run ${run}: ${text}`).toBe('done');
    expected(text);
  }
}

test('two CPU-bound threads, then two lines from the main thread: both lines, every run', async ({ page }) => {
  const snippet = await openPlayground(
    page,
    `import threading

def countdown(n):
    while n > 0:
        n -= 1

threads = [threading.Thread(target=countdown, args=(4_000_000,)) for _ in range(2)]
for t in threads: t.start()
for t in threads: t.join()
print("first line after the threads")
print("second line after the threads")
`,
    'python',
  );
  await everyLineEveryRun(snippet, (text) =>
    expect(text).toBe('first line after the threads\nsecond line after the threads\n'),
  );
});

test('two processes print, are joined, then the parent prints: every line, every run', async ({ page }) => {
  const snippet = await openPlayground(
    page,
    `import multiprocessing as mp

def square(n):
    print("square", n * n)

def cube(n):
    print("cube", n ** 3)

if __name__ == "__main__":
    a = mp.Process(target=square, args=(4,))
    b = mp.Process(target=cube, args=(3,))
    a.start(); b.start()
    a.join(); b.join()
    print("Done!")
`,
    'python',
  );
  await everyLineEveryRun(snippet, (text) => {
    const lines = text.trim().split('\n');
    expect(lines.toSorted()).toEqual(['Done!', '[Process-1] square 16', '[Process-2] cube 27']);
    expect(lines.at(-1)).toBe('Done!');
  });
});

test('what runs at exit prints, in CPython’s order: finally, a thread finishing late, atexit, __del__', async ({
  page,
}) => {
  const snippet = await openPlayground(
    page,
    `import atexit, threading, time

class Noisy:
    def __del__(self):
        print("__del__ ran")

keep = Noisy()
atexit.register(print, "atexit ran")

def late():
    time.sleep(0.2)
    print("thread finished after main")

threading.Thread(target=late).start()
try:
    print("main body")
finally:
    print("finally ran")
`,
    'python',
  );
  expect(await runSnippet(snippet, 60_000)).toBe('done');
  await expect(outputOf(snippet)).toHaveText(
    'main body\nfinally ran\nthread finished after main\natexit ran\n__del__ ran\n',
  );
});

test('children’s last words arrive, before the parent’s next line and after the parent ends', async ({ page }) => {
  const snippet = await openPlayground(
    page,
    `import multiprocessing as mp
import time

def work(n):
    time.sleep(0.1 * n)
    print(f"child {n} last words", end="\\n", flush=False)

if __name__ == "__main__":
    first = mp.Process(target=work, args=(1,))
    first.start()
    first.join()
    print("joined the first")
    mp.Process(target=work, args=(3,)).start()
    print("main ends before the second child")
`,
    'python',
  );
  expect(await runSnippet(snippet, 60_000)).toBe('done');
  await expect(outputOf(snippet)).toHaveText(
    '[Process-1] child 1 last words\njoined the first\nmain ends before the second child\n[Process-2] child 3 last words\n',
  );
});

/** Clicks Stop and measures, inside the page, how long until the snippet says "stopped". */
async function stopWithin(snippet: Locator): Promise<number> {
  const stop = snippet.getByRole('button', { name: 'Stop' });
  await expect(stop).toBeEnabled();
  const elapsed = await stop.evaluate(
    (button) =>
      new Promise<number>((resolve) => {
        const root = button.closest('pcm-snippet');
        const started = performance.now();
        const observer = new MutationObserver(() => {
          if (root?.getAttribute('data-state') === 'stopped') {
            observer.disconnect();
            resolve(performance.now() - started);
          }
        });
        observer.observe(root!, { attributes: true, attributeFilter: ['data-state'] });
        (button as HTMLButtonElement).click();
      }),
  );
  await expect(snippet).toHaveAttribute('data-state', 'stopped');
  return elapsed;
}

/** Starts `code`, waits for READY (the program is now in the state under test), stops it. */
async function stopWhile(snippet: Locator, code: string): Promise<{ ms: number; text: string }> {
  await snippet.evaluate(
    (element, source) => (element as unknown as { setCode(code: string): void }).setCode(source),
    code,
  );
  await snippet.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(outputOf(snippet)).toContainText('READY', { timeout: 60_000 });
  // A moment for the program to settle into the wait after it printed.
  await snippet.page().waitForTimeout(150);
  const ms = await stopWithin(snippet);
  return { ms, text: await outputOf(snippet).innerText() };
}

async function nextRunWorks(snippet: Locator): Promise<void> {
  await snippet.evaluate((element) => (element as unknown as { setCode(code: string): void }).setCode('print(6 * 7)'));
  expect(await runSnippet(snippet, 60_000)).toBe('done');
  await expect(outputOf(snippet)).toHaveText('42\n');
}

const STOP_MS = 300;

for (const firstVisit of [true, false]) {
  // A first visit's page boots CPython in full and makes its memory image; a returning
  // reader's page restores the image it kept. Stop must end either start at once.
  test.describe(firstVisit ? 'on a first visit' : 'on a returning visit', () => {
    test.use({ firstVisit });
    test('Stop while the interpreter is still starting ends the run at once; the next run works', async ({ page }) => {
      const snippet = await openPlayground(page, 'while True:\n    pass\n', 'python');
      await snippet.getByRole('button', { name: 'Run', exact: true }).click();
      await expect(snippet).toHaveAttribute('data-state', 'loading');
      expect(await stopWithin(snippet)).toBeLessThan(STOP_MS);
      // Stopped while the engine's code or the interpreter was still loading: either says so.
      await expect(outputOf(snippet)).toContainText('Stopped before the program started');
      await nextRunWorks(snippet);
    });
  });
}

const STATES: Array<{ name: string; code: string; says: RegExp }> = [
  { name: 'running Python', code: 'print("READY")\nn = 0\nwhile True:\n    n += 1\n', says: /main thread\.$/ },
  { name: 'in time.sleep', code: 'import time\nprint("READY")\ntime.sleep(60)\n', says: /main thread\.$/ },
  {
    name: 'in asyncio.sleep',
    code: 'import asyncio\nasync def main():\n    print("READY")\n    await asyncio.sleep(60)\nasyncio.run(main())\n',
    says: /main thread\.$/,
  },
  {
    name: 'joining a CPU-bound thread',
    code: 'import threading\ndef spin():\n    while True: pass\nt = threading.Thread(target=spin)\nt.start()\nprint("READY")\nt.join()\n',
    says: /1 thread still running/,
  },
  {
    name: 'waiting for a lock',
    code: 'import threading, time\nlock = threading.Lock()\ndef hold():\n    with lock:\n        time.sleep(60)\nthreading.Thread(target=hold, daemon=True).start()\ntime.sleep(0.05)\nprint("READY")\nlock.acquire()\n',
    says: /1 thread still running/,
  },
  {
    name: 'waiting on a queue',
    code: 'import queue, threading, time\nthreading.Thread(target=time.sleep, args=(60,), daemon=True).start()\nprint("READY")\nqueue.Queue().get()\n',
    says: /1 thread still running/,
  },
  {
    name: 'sleeping beside a sleeping thread',
    code: 'import threading, time\nthreading.Thread(target=time.sleep, args=(60,)).start()\nprint("READY")\ntime.sleep(60)\n',
    says: /1 thread still running/,
  },
  {
    name: 'a child process is starting',
    // The child re-runs the program as __mp_main__ first; here that takes a while.
    code: 'import multiprocessing as mp, time\nif __name__ == "__mp_main__":\n    time.sleep(5)\ndef f():\n    print("child ran")\nif __name__ == "__main__":\n    p = mp.Process(target=f)\n    p.start()\n    print("READY")\n    p.join()\n',
    says: /ended 1 child process still running/,
  },
  {
    name: 'children compute',
    code: 'import multiprocessing as mp\ndef spin():\n    while True: pass\nif __name__ == "__main__":\n    ps = [mp.Process(target=spin) for _ in range(2)]\n    for p in ps: p.start()\n    for p in ps: p.join(0.5)\n    print("READY")\n    for p in ps: p.join()\n',
    says: /ended 2 child processes still running/,
  },
  {
    name: 'waiting on a process queue',
    // A child holds the queue, so the wait could end: a queue nobody else can reach is a deadlock,
    // which the site reports instead of waiting for ever.
    code: 'import multiprocessing as mp, time\ndef hold(q):\n    time.sleep(60)\nif __name__ == "__main__":\n    q = mp.Queue()\n    p = mp.Process(target=hold, args=(q,))\n    p.start()\n    print("READY")\n    q.get()\n',
    says: /ended 1 child process still running/,
  },
];

for (const { name, code, says } of STATES) {
  test(`Stop while ${name}: stopped within ${STOP_MS} ms, says what it stopped, the next run works`, async ({
    page,
  }) => {
    const snippet = await openPlayground(page, 'print("warming up")\n', 'python');
    expect(await runSnippet(snippet, 60_000)).toBe('done');
    const { ms, text } = await stopWhile(snippet, code);
    expect(text).toContain('KeyboardInterrupt');
    expect(text.trim()).toMatch(says);
    expect(ms, text).toBeLessThan(STOP_MS);
    await nextRunWorks(snippet);
  });
}

// ctypes reads far outside the interpreter's memory: the WebAssembly engine traps, which
// Pyodide treats as fatal. In the main thread or in another thread, the reader is told.
const CRASHES: Array<{ name: string; code: string }> = [
  { name: 'in the main thread', code: 'import ctypes\nprint("before")\nctypes.string_at(0xfffffff0, 64)\n' },
  {
    name: 'in another thread',
    code: 'import ctypes, threading\nprint("before")\nt = threading.Thread(target=ctypes.string_at, args=(0xfffffff0, 64))\nt.start()\nt.join()\n',
  },
];

for (const { name, code } of CRASHES) {
  test(`a crash of the interpreter ${name} is reported, and the next run works`, async ({ page }) => {
    const snippet = await openPlayground(page, code, 'python');
    expect(await runSnippet(snippet, 60_000)).toBe('error');
    await expect(outputOf(snippet)).toContainText('before');
    await expect(outputOf(snippet)).toContainText('The Python interpreter crashed');
    await nextRunWorks(snippet);
  });
}
