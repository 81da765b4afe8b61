import { expect, test } from './fixtures';
import AxeBuilder from '@axe-core/playwright';
import { snippetPaths } from './site';
import { openPlayground, outputOf, runSnippet, summaryOf } from './snippets';

test.describe.configure({ timeout: 120_000 });

// Every runnable snippet in the articles runs to the end its author intended.
for (const path of snippetPaths()) {
  test(`every snippet on ${path} runs to done or its expected error`, async ({ page }) => {
    await page.goto(path);
    const snippets = page.locator('pcm-snippet');
    const count = await snippets.count();
    expect(count).toBeGreaterThan(0);
    // Pages with process examples boot child interpreters, seconds each on a small machine.
    test.setTimeout(120_000 + count * 30_000);
    for (let index = 0; index < count; index += 1) {
      const snippet = snippets.nth(index);
      const expected = (await snippet.getAttribute('data-expect')) === 'error' ? 'error' : 'done';
      const state = await runSnippet(snippet, 120_000);
      const name = (await snippet.getAttribute('aria-label')) ?? `snippet ${index + 1}`;
      expect(state, `${name}: ${await outputOf(snippet).innerText()}`).toBe(expected);
      const summary = await summaryOf(snippet);
      expect(summary.wall_ms).toBeGreaterThan(0);
      expect(summary.lanes.length).toBeGreaterThan(0);
      // A snippet draws its own timeline; inside an experiment, the experiment draws it.
      const inExperiment = await snippet.evaluate((element) => element.closest('pcm-experiment') !== null);
      const scope = inExperiment ? snippet.locator('xpath=ancestor::pcm-experiment') : snippet;
      await expect(scope.getByRole('img', { name: /^Timeline: / }).first()).toBeAttached();
    }
  });
}

test('ten gathered 200 ms requests finish under 1 s; in sequence they take over 2 s', async ({ page }) => {
  await page.goto('/asyncio/');
  const experiment = page.getByRole('region', { name: /Ten 200 ms requests/ });
  const sequential = experiment.getByRole('group', { name: 'Awaited in sequence' });
  const gathered = experiment.getByRole('group', { name: 'Gathered' });
  expect(await runSnippet(gathered)).toBe('done');
  expect(await runSnippet(sequential)).toBe('done');
  expect((await summaryOf(gathered)).wall_ms).toBeLessThan(1000);
  expect((await summaryOf(sequential)).wall_ms).toBeGreaterThan(2000);
  // The experiment's table compares both runs.
  await expect(experiment.getByRole('table')).toContainText('Gathered');
});

test('a busy loop on the main thread shows up as a page freeze', async ({ page }) => {
  await page.goto('/asyncio/');
  const busy = page.getByRole('group', { name: 'A busy loop on the event loop' });
  expect(await runSnippet(busy)).toBe('done');
  const summary = (await summaryOf(busy)) as Awaited<ReturnType<typeof summaryOf>> & {
    heartbeat: { longest_stall_ms: number };
  };
  expect(summary.heartbeat.longest_stall_ms).toBeGreaterThan(400);
});

test('CPU-bound work on 2 workers is faster than on 1', async ({ page }) => {
  await page.goto('/multiprocessing/');
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  test.skip(cores < 2, 'needs at least two cores');
  const one = page.getByRole('group', { name: '1 worker', exact: true });
  const two = page.getByRole('group', { name: '2 workers', exact: true });
  expect(await runSnippet(one)).toBe('done');
  expect(await runSnippet(two)).toBe('done');
  const [wallOne, wallTwo] = [(await summaryOf(one)).wall_ms, (await summaryOf(two)).wall_ms];
  expect(wallTwo).toBeLessThan(wallOne);
  expect((await summaryOf(two)).parallelism).toBeGreaterThan(1);
});

test('unsynchronised workers lose updates; Atomics.add and a mutex lose none', async ({ page }) => {
  await page.goto('/gil/');
  const counts = async (name: string) => {
    const snippet = page.getByRole('group', { name, exact: true });
    expect(await runSnippet(snippet)).toBe('done');
    const match = /expected (\d+), got (\d+)/.exec(await outputOf(snippet).innerText());
    return { expected: Number(match?.[1]), actual: Number(match?.[2]) };
  };
  const racy = await counts('No coordination: lost updates');
  expect(racy.actual).toBeLessThan(racy.expected);
  for (const name of ['Atomics.add', 'A mutex from Atomics']) {
    const exact = await counts(name);
    expect(exact.actual).toBe(exact.expected);
  }
});

test('Stop ends a while (true) in a worker, and the next run works', async ({ page }) => {
  const snippet = await openPlayground(page, 'console.log("spinning");\nwhile (true) {}\n', 'ts', 'worker');
  await snippet.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(outputOf(snippet)).toContainText('spinning');
  await expect(snippet).toHaveAttribute('data-state', 'running');
  await snippet.getByRole('button', { name: 'Stop' }).click();
  await expect(snippet).toHaveAttribute('data-state', 'stopped', { timeout: 2_000 });

  const next = await openPlayground(page, 'console.log("fresh run");\n', 'ts', 'worker');
  expect(await runSnippet(next)).toBe('done');
  await expect(outputOf(next)).toHaveText('fresh run');
});

test('loop protection ends a while (true) on the main thread and the page stays usable', async ({ page }) => {
  const snippet = await openPlayground(page, 'while (true) {}\n', 'ts', 'main');
  const started = Date.now();
  expect(await runSnippet(snippet, 10_000)).toBe('error');
  expect(Date.now() - started).toBeLessThan(4_000);
  await expect(outputOf(snippet)).toContainText('kept the thread busy');
  // The page still answers: the theme can be switched and the snippet runs again.
  await page.getByRole('combobox', { name: 'Select theme' }).first().selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(snippet.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
});

test('errors point at the reader’s line: a syntax error and a thrown error', async ({ page }) => {
  const bad = await openPlayground(page, 'const a = 1;\nconst b = ;\n');
  expect(await runSnippet(bad)).toBe('error');
  await expect(outputOf(bad)).toContainText('line 2');

  const throwing = await openPlayground(page, 'const x: number = 1;\nconsole.log(x);\nthrow new Error("boom");\n');
  expect(await runSnippet(throwing)).toBe('error');
  await expect(outputOf(throwing)).toContainText('1');
  await expect(outputOf(throwing)).toContainText('Error: boom (line 3)');
});

test('output streams while the run is still going', async ({ page }) => {
  const snippet = await openPlayground(page, 'console.log("first");\nawait sleep(1000);\nconsole.log("second");\n');
  await snippet.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(outputOf(snippet)).toContainText('first');
  await expect(snippet).toHaveAttribute('data-state', 'running');
  await expect(outputOf(snippet)).not.toContainText('second');
  await expect(snippet).toHaveAttribute('data-state', 'done', { timeout: 5_000 });
  await expect(outputOf(snippet)).toContainText('second');
});

test('a shared playground link round-trips the code and does not run it', async ({ page }) => {
  await page.goto('/asyncio/');
  const gathered = page.getByRole('region', { name: /Ten 200 ms requests/ }).getByRole('group', { name: 'Gathered' });
  const source = await gathered.getAttribute('data-code');
  await gathered.getByRole('button', { name: 'Share' }).click();
  const href = await gathered.locator('[data-share-link]').getAttribute('href');
  expect(href).toContain('/playground/#code=');

  await page.goto(href ?? '');
  const snippet = page.locator('pcm-playground pcm-snippet');
  await expect(snippet.getByRole('textbox')).toContainText('await gather');
  expect(await snippet.evaluate((element) => (element as unknown as { code: string }).code)).toBe(source);
  // Not run: still idle, with no output, until the reader clicks Run.
  await page.waitForTimeout(500);
  await expect(snippet).toHaveAttribute('data-state', 'idle');
  await expect(outputOf(snippet)).toBeHidden();
  expect(await runSnippet(snippet)).toBe('done');
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`results of an experiment pass axe (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await page.goto('/asyncio/');
    const experiment = page.getByRole('region', { name: /Ten 200 ms requests/ });
    await experiment.getByRole('button', { name: 'Run all' }).click();
    await expect(experiment.getByRole('table')).toContainText('Gathered', { timeout: 30_000 });
    await expect(experiment.getByRole('img', { name: /^Timeline: / })).toHaveCount(2);
    const results = await new AxeBuilder({ page }).include('pcm-experiment').analyze();
    const serious = results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(' | ')}`);
    expect(serious).toEqual([]);
  });
}

test.describe('Python', () => {
  test('sequential awaits of ten 0.2 s sleeps take over 2 s; gathered, under 1 s', async ({ page }) => {
    await page.goto('/asyncio/');
    const experiment = page.getByRole('region', { name: /Python: ten 0.2 s waits/ });
    const sequential = experiment.getByRole('group', { name: 'Awaited one by one' });
    const gathered = experiment.getByRole('group', { name: 'Gathered' });
    expect(await runSnippet(sequential, 60_000)).toBe('done');
    expect(await runSnippet(gathered)).toBe('done');
    expect((await summaryOf(sequential)).wall_ms).toBeGreaterThan(2000);
    expect((await summaryOf(gathered)).wall_ms).toBeLessThan(1000);
    // One timeline row per task: the ten fetches plus the main task.
    const lanes = (await summaryOf(gathered)).lanes.map((lane) => lane.name);
    expect(lanes.filter((name) => name.startsWith('Task-')).length).toBeGreaterThanOrEqual(11);
  });

  test('time.sleep in a task blocks the loop; asyncio.sleep does not', async ({ page }) => {
    await page.goto('/asyncio/');
    const experiment = page.getByRole('region', { name: /asyncio.sleep or time.sleep/ });
    const cooperative = experiment.getByRole('group', { name: 'asyncio.sleep in three tasks' });
    const blocking = experiment.getByRole('group', { name: 'time.sleep in three tasks' });
    expect(await runSnippet(cooperative, 60_000)).toBe('done');
    expect(await runSnippet(blocking)).toBe('done');
    expect((await summaryOf(blocking)).wall_ms).toBeGreaterThan(2 * (await summaryOf(cooperative)).wall_ms);
    // time.sleep waits without using the CPU, as in CPython.
    expect((await summaryOf(blocking)).cpu_ms).toBeLessThan(300);
  });

  test('output streams before the run ends', async ({ page }) => {
    const snippet = await openPlayground(
      page,
      'import time\nprint("first", flush=True)\ntime.sleep(1)\nprint("second")\n',
      'python',
    );
    await snippet.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(outputOf(snippet)).toContainText('first', { timeout: 60_000 });
    await expect(snippet).toHaveAttribute('data-state', 'running');
    await expect(outputOf(snippet)).not.toContainText('second');
    await expect(snippet).toHaveAttribute('data-state', 'done', { timeout: 5_000 });
  });

  test('Stop ends while True: pass within 2 s, and the next run works', async ({ page }) => {
    const snippet = await openPlayground(page, 'print("spinning")\nwhile True:\n    pass\n', 'python');
    await snippet.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(outputOf(snippet)).toContainText('spinning', { timeout: 60_000 });
    const stopped = Date.now();
    await snippet.getByRole('button', { name: 'Stop' }).click();
    await expect(snippet).toHaveAttribute('data-state', 'stopped', { timeout: 2_000 });
    expect(Date.now() - stopped).toBeLessThan(2_000);
    await expect(outputOf(snippet)).toContainText('KeyboardInterrupt');

    const next = await openPlayground(page, 'print(6 * 7)\n', 'python');
    expect(await runSnippet(next)).toBe('done');
    await expect(outputOf(next)).toHaveText('42');
  });

  test('code that ignores KeyboardInterrupt is ended by restarting the interpreter', async ({ page }) => {
    const stubborn =
      'print("stubborn")\nwhile True:\n    try:\n        while True:\n            pass\n    except KeyboardInterrupt:\n        pass\n';
    const snippet = await openPlayground(page, stubborn, 'python');
    await snippet.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(outputOf(snippet)).toContainText('stubborn', { timeout: 60_000 });
    await snippet.getByRole('button', { name: 'Stop' }).click();
    await expect(snippet).toHaveAttribute('data-state', 'stopped', { timeout: 2_500 });
    await expect(outputOf(snippet)).toContainText('interpreter was restarted');

    const next = await openPlayground(page, 'print("fresh interpreter")\n', 'python');
    expect(await runSnippet(next, 60_000)).toBe('done');
    await expect(outputOf(next)).toHaveText('fresh interpreter');
  });

  test('a traceback names the reader’s line; a syntax error points at it', async ({ page }) => {
    const failing = await openPlayground(page, 'def f():\n    return 1 / 0\n\nf()\n', 'python');
    expect(await runSnippet(failing, 60_000)).toBe('error');
    await expect(outputOf(failing)).toContainText('File "<snippet>", line 2, in f');
    await expect(outputOf(failing)).toContainText('ZeroDivisionError: division by zero');

    const broken = await openPlayground(page, 'x = 1\nprint("a"\n', 'python');
    expect(await runSnippet(broken)).toBe('error');
    await expect(outputOf(broken)).toContainText('line 2');
    await expect(outputOf(broken)).toContainText('SyntaxError');
  });

  test('each run gets a fresh __main__; input() says it is not supported', async ({ page }) => {
    const first = await openPlayground(page, 'leak = 1\nprint(__name__)\n', 'python');
    expect(await runSnippet(first, 60_000)).toBe('done');
    await expect(outputOf(first)).toHaveText('__main__');
    // The first run paid for starting the interpreter; the next reuses it.
    const startup = (await summaryOf(first)) as Awaited<ReturnType<typeof summaryOf>> & {
      interpreter_startup_ms?: number;
    };
    expect(startup.interpreter_startup_ms).toBeGreaterThan(0);
    await expect(first.getByText('Interpreter start-up')).toBeVisible();
    const second = await openPlayground(page, 'print("leak" in globals())\n', 'python');
    expect(await runSnippet(second)).toBe('done');
    await expect(outputOf(second)).toHaveText('False');
    expect(((await summaryOf(second)) as { interpreter_startup_ms?: number }).interpreter_startup_ms).toBeUndefined();
    const asking = await openPlayground(page, 'input("name? ")\n', 'python');
    expect(await runSnippet(asking)).toBe('error');
    await expect(outputOf(asking)).toContainText('input() is not supported here');
  });

  test('a Python playground link round-trips and does not run', async ({ page }) => {
    const source = 'import sys\nprint(sys.version_info[:2])\n';
    const snippet = await openPlayground(page, source, 'python');
    expect(await snippet.evaluate((element) => (element as unknown as { code: string }).code)).toBe(source);
    await page.waitForTimeout(500);
    await expect(snippet).toHaveAttribute('data-state', 'idle');
    expect(await runSnippet(snippet, 60_000)).toBe('done');
    await expect(outputOf(snippet)).toHaveText('(3, 14)');
  });
});

test('the editor keeps Tab for indenting but lets keyboard users out with Escape, Tab', async ({ page }) => {
  const snippet = await openPlayground(page, 'console.log(1);\n');
  await snippet.getByRole('textbox').click();
  await page.keyboard.press('Tab');
  await expect(snippet.getByRole('textbox')).toBeFocused();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  await expect(snippet.getByRole('button', { name: 'Run', exact: true })).toBeFocused();
  await expect(snippet.getByText('Press Escape, then Tab')).toBeVisible();
});
