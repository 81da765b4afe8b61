/**
 * First-click fidelity: each check is the first run on a fresh page, with no warm-up inside
 * the test, exactly as a reader clicks Run. Bounds are ratios that keep each lesson on 2
 * cores or 16; the speed targets themselves live in `npm run bench -- fidelity`.
 */
import { expect, test } from './fixtures';
import { cellText, openPlayground, outputOf, runSnippet } from './snippets';

// Child interpreters start in seconds each on a small machine.
test.describe.configure({ timeout: 240_000 });
// The strictest first click: a first visit, whose page downloads CPython and its memory image
// before the run.
test.use({ firstVisit: true });

test('first visit: a progress bar counts the bytes downloaded, then the stages, and never moves back', async ({
  page,
}) => {
  const snippet = await openPlayground(page, 'print("hello")', 'python');
  const bar = snippet.getByRole('progressbar', { name: /Preparing to run/ });
  // Every value and label the bar and its status line show, recorded as the page draws them.
  await snippet.evaluate((element) => {
    const seen: Array<[number, string]> = [];
    (window as unknown as { seen: typeof seen }).seen = seen;
    const record = (): void => {
      const progress = element.querySelector('progress');
      const status = element.querySelector('[role="status"]')?.textContent ?? '';
      if (progress && !progress.hidden) seen.push([progress.value, status]);
    };
    new MutationObserver(record).observe(element, {
      subtree: true,
      attributes: true,
      childList: true,
      characterData: true,
    });
  });
  await snippet.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(bar).toBeVisible();
  await expect(snippet).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(bar).toBeHidden();
  const seen = await page.evaluate(() => (window as unknown as { seen: Array<[number, string]> }).seen);
  const values = seen.map(([value]) => value);
  expect(values, JSON.stringify(seen)).toEqual([...values].sort((a, b) => a - b));
  const downloads = seen.map(([, text]) => /Downloading Python: ([\d.]+) of ([\d.]+) MB/.exec(text)).filter(Boolean);
  expect(downloads.length, JSON.stringify(seen)).toBeGreaterThan(0);
  // One total throughout: CPython's files and its memory image, about 13 + 6 MB.
  expect(new Set(downloads.map((match) => match?.[2])).size, JSON.stringify(seen)).toBe(1);
  expect(Number(downloads[0]?.[2])).toBeGreaterThan(12);
  for (const stage of [/Compiling/, /Starting Python/, /Preparing Python/, /ready in/]) {
    expect(
      seen.some(([, text]) => stage.test(text)),
      `${stage}: ${JSON.stringify(seen)}`,
    ).toBe(true);
  }
});

test("first visit without the build's image: CPython boots in full, runs threads, and the next page restores", async ({
  page,
}) => {
  // A host that lost the image: the page boots CPython in full and makes the image itself.
  await page.route('**/pcm-image-*.bin.gz', (route) => route.fulfill({ status: 404, body: 'not found' }));
  const code = 'import threading\nt = threading.Thread(target=print, args=("from a thread",))\nt.start()\nt.join()\n';
  const snippet = await openPlayground(page, code, 'python');
  expect(await runSnippet(snippet, 120_000)).toBe('done');
  await expect(outputOf(snippet)).toHaveText('from a thread\n');
  // The image it made is kept: the next page of this browser restores it and runs at once.
  const next = await openPlayground(await page.context().newPage(), code, 'python');
  // Every line the status shows, recorded as the page draws it (a stage may pass quickly).
  await next.evaluate((element) => {
    const said: string[] = [];
    (window as unknown as { said: string[] }).said = said;
    new MutationObserver(() => said.push(element.querySelector('[role="status"]')?.textContent ?? '')).observe(
      element,
      { subtree: true, childList: true, characterData: true },
    );
  });
  expect(await runSnippet(next, 60_000)).toBe('done');
  await expect(outputOf(next)).toHaveText('from a thread\n');
  const said = await next.evaluate(() => (window as unknown as { said: string[] }).said);
  expect(
    said.some((text) => text.includes('from its saved image')),
    said.join(' | '),
  ).toBe(true);
});

test('first run: two CPU-bound threads take 0.5-1.5x as long as the same work done sequentially', async ({ page }) => {
  const snippet = await openPlayground(
    page,
    `import threading, time
def count(n):
    while n > 0:
        n -= 1
N = 2_000_000
start = time.perf_counter(); count(N); count(N); sequential = time.perf_counter() - start
start = time.perf_counter()
threads = [threading.Thread(target=count, args=(N,)) for _ in range(2)]
for t in threads: t.start()
for t in threads: t.join()
print(f"RATIO {(time.perf_counter() - start) / sequential:.2f}")
`,
    'python',
  );
  expect(await runSnippet(snippet, 120_000)).toBe('done');
  const text = await outputOf(snippet).innerText();
  const ratio = Number(/RATIO ([\d.]+)/.exec(text)?.[1]);
  // Native CPython gives about 1.0 (0.85-1.2 on a busy 2-core machine): no speed-up, and no
  // first-run costs that make the threads several times slower.
  expect(ratio, text).toBeGreaterThanOrEqual(0.5);
  expect(ratio, text).toBeLessThanOrEqual(1.5);
});

// This check was once left out (test.fixme): on this 2-core virtual machine 3 of 12 fresh pages
// measured 0.65-1.20x, because Chromium dropped its optimised CPython loop mid-run in some pages
// and not others. Since the page compiles the loop without deoptimisation points
// (src/engines/python/steady-loop.ts), ten fresh pages in a row measured 1.72-2.09x.
test('first run: CPU-bound work in Pool(2) is at least 1.3x faster than sequential, after start-up', async ({
  page,
}) => {
  // Child interpreters are prepared before the program starts (their imports and patches too), so
  // the pool's children compute at the parent's speed. Eight jobs, because with four native
  // CPython itself fell below 1.3x in 2 of 8 runs on a busy 2-core machine (one job's hiccup is a
  // quarter of the work); with eight it measured 1.49-2.25x, and the browser 1.64-2.31x.
  const snippet = await openPlayground(
    page,
    `import time
from multiprocessing import Pool
def cpu(n):
    total = 0
    for i in range(n):
        total += i * i
    return total
if __name__ == "__main__":
    jobs = [1_000_000] * 8
    with Pool(2) as pool:
        start = time.perf_counter(); [cpu(n) for n in jobs]; sequential = time.perf_counter() - start
        start = time.perf_counter(); pool.map(cpu, jobs, chunksize=1); parallel = time.perf_counter() - start
    print(f"RATIO {sequential / parallel:.2f}")
`,
    'python',
  );
  test.skip((await page.evaluate(() => navigator.hardwareConcurrency)) < 2, 'needs at least two cores');
  expect(await runSnippet(snippet, 150_000)).toBe('done');
  const text = await outputOf(snippet).innerText();
  expect(Number(/RATIO ([\d.]+)/.exec(text)?.[1]), text).toBeGreaterThanOrEqual(1.3);
});

/** A duration the page wrote with formatMs (`850 ms`, `1.23 s`), in milliseconds. */
function milliseconds(text: string): number {
  const [, value, unit] = /([\d.]+)\s*(ms|s)\b/.exec(text) ?? [];
  return Number(value) * (unit === 's' ? 1000 : 1);
}

test('first Run all: the "Four CPU-bound jobs" experiment ranks 2 processes ahead of sequential', async ({ page }) => {
  await page.goto('/multiprocessing/');
  const experiment = page.getByRole('region', { name: /^Four CPU-bound jobs/ });
  await experiment.getByRole('button', { name: 'Run all' }).click();
  await expect(experiment).toHaveAttribute('data-state', 'done', { timeout: 200_000 });
  const table = experiment.getByRole('table');
  // Each process snippet prints its work's time apart from its pool's start-up, and the table's
  // Measured column compares those; native CPython gives 2 processes about 0.55x sequential on 2
  // cores. (Four processes are not checked: on 2 cores the page prepares two interpreters ahead,
  // and the other two start during the work, which is the article's point about start-up.)
  const sequential = milliseconds(await cellText(table, 'sequential', 'Measured'));
  const work = milliseconds(await cellText(table, '2 processes', 'Measured'));
  expect(work, `2 processes: ${work} ms against sequential ${sequential} ms`).toBeLessThan(sequential);
});
