/**
 * Python threads under the site's GIL, as a reader sees them: timings as ratios, switch
 * counts from the run summary, and what the output says.
 */
import { expect, test } from './fixtures';
import { openPlayground, outputOf, runSnippet, summaryOf } from './snippets';

test.describe.configure({ timeout: 120_000 });

test.describe('Python threads under the GIL', () => {
  test('CPU-bound threads get no speed-up while sleeping threads overlap', async ({ page }) => {
    const code = [
      'import threading, time',
      'def count(n):',
      '    while n > 0:',
      '        n -= 1',
      'N = 600_000',
      'start = time.perf_counter()',
      'threads = [threading.Thread(target=count, args=(N,)) for _ in range(4)]',
      'for t in threads: t.start()',
      'for t in threads: t.join()',
      'threaded = time.perf_counter() - start',
      'start = time.perf_counter()',
      'for _ in range(4): count(N)',
      'sequential = time.perf_counter() - start',
      'start = time.perf_counter()',
      'sleepers = [threading.Thread(target=time.sleep, args=(0.2,)) for _ in range(10)]',
      'for t in sleepers: t.start()',
      'for t in sleepers: t.join()',
      'print(f"{sequential:.3f} {threaded:.3f} {time.perf_counter() - start:.3f}")',
    ].join('\n');
    const snippet = await openPlayground(page, code, 'python');
    expect(await runSnippet(snippet, 60_000)).toBe('done');
    // The threads go first: a program's first pass over CPU-bound work is the slowest, in native
    // CPython too (four counts of 2.4 million measured 0.67-0.88x as long threaded as in a first sequential
    // pass, on a 2-core machine), so timing the sequential pass first would flatter the threads.
    // Even so, native CPython's own ratio for work this short varies 0.55-1.18 on a busy 2-core
    // machine; 0.7 still tells no speed-up from the 0.5 that two cores running at once would give.
    const [sequential, threaded, sleeping] = (await outputOf(snippet).innerText()).trim().split(' ').map(Number);
    expect(threaded).toBeGreaterThanOrEqual(0.7 * (sequential ?? 0));
    expect(sleeping).toBeLessThan(1);
    // One thread runs at a time: the run's parallelism stays near 1, never above.
    expect((await summaryOf(snippet)).parallelism).toBeLessThanOrEqual(1.05);
  });

  test('a lock makes a racy counter exact, with a timeline lane per thread', async ({ page }) => {
    const code = [
      'import threading, time',
      'counter = 0',
      'lock = threading.Lock()',
      'def unsafe():',
      '    global counter',
      '    for _ in range(300):',
      '        value = counter',
      '        time.sleep(0)',
      '        counter = value + 1',
      'def safe():',
      '    global counter',
      '    for _ in range(300):',
      '        with lock:',
      '            value = counter',
      '            time.sleep(0)',
      '            counter = value + 1',
      'for target in (unsafe, safe):',
      '    counter = 0',
      '    threads = [threading.Thread(target=target) for _ in range(4)]',
      '    for t in threads: t.start()',
      '    for t in threads: t.join()',
      '    print(target.__name__, counter)',
    ].join('\n');
    const snippet = await openPlayground(page, code, 'python');
    expect(await runSnippet(snippet, 60_000)).toBe('done');
    const lines = (await outputOf(snippet).innerText()).trim().split('\n');
    expect(Number(lines[0]?.split(' ')[1])).toBeLessThan(1200);
    expect(lines[1]).toBe('safe 1200');
    // One lane per thread, each with running spans.
    const lanes = (await summaryOf(snippet)).lanes.filter((lane) => lane.name.startsWith('Thread-'));
    expect(lanes.length).toBe(8);
    for (const lane of lanes) expect(lane.spans.some((span) => span.kind === 'run')).toBe(true);
  });

  test('a deadlock is reported within 2 s with each thread and its line', async ({ page }) => {
    const code = [
      'import threading, time',
      'a, b = threading.Lock(), threading.Lock()',
      'def one():',
      '    with a:',
      '        time.sleep(0.05)',
      '        with b: pass',
      'def two():',
      '    with b:',
      '        time.sleep(0.05)',
      '        with a: pass',
      't1 = threading.Thread(target=one, name="first")',
      't2 = threading.Thread(target=two, name="second")',
      't1.start(); t2.start()',
      't1.join(); t2.join()',
    ].join('\n');
    const snippet = await openPlayground(page, code, 'python');
    expect(await runSnippet(snippet, 60_000)).toBe('error');
    // The run's own clock: from the first line to the report, well under 2 s.
    expect((await summaryOf(snippet)).wall_ms).toBeLessThan(2_000);
    await expect(outputOf(snippet)).toContainText('DeadlockError');
    await expect(outputOf(snippet)).toContainText('first waits for a lock at line 6, in one');
    await expect(outputOf(snippet)).toContainText('second waits for a lock at line 10, in two');
  });

  test('ThreadPoolExecutor.map keeps order; a queue delivers every item once', async ({ page }) => {
    const code = [
      'import queue, threading, time',
      'from concurrent.futures import ThreadPoolExecutor',
      'def slow(n):',
      '    time.sleep(0.01 * (5 - n % 5))',
      '    return n * n',
      'with ThreadPoolExecutor(max_workers=4) as pool:',
      '    print(list(pool.map(slow, range(10))) == [n * n for n in range(10)])',
      'q, seen = queue.Queue(), []',
      'def consumer():',
      '    while (item := q.get()) is not None:',
      '        seen.append(item)',
      'workers = [threading.Thread(target=consumer) for _ in range(3)]',
      'for w in workers: w.start()',
      'for i in range(100): q.put(i)',
      'for _ in workers: q.put(None)',
      'for w in workers: w.join()',
      'print(sorted(seen) == list(range(100)))',
    ].join('\n');
    const snippet = await openPlayground(page, code, 'python');
    expect(await runSnippet(snippet, 60_000)).toBe('done');
    await expect(outputOf(snippet)).toHaveText('True\nTrue');
  });

  test('CPU-bound threads are preempted, and more often when the switch interval shrinks', async ({ page }) => {
    const program = (interval: number): string =>
      [
        'import sys, threading, time',
        `sys.setswitchinterval(${interval})`,
        'def count(n):',
        '    while n > 0:',
        '        n -= 1',
        'threads = [threading.Thread(target=count, args=(3_000_000,)) for _ in range(2)]',
        'for t in threads: t.start()',
        'for t in threads: t.join()',
        'lateness = []',
        'def sleeper():',
        '    for _ in range(5):',
        '        before = time.perf_counter()',
        '        time.sleep(0.002)',
        '        lateness.append(time.perf_counter() - before)',
        'busy = threading.Thread(target=count, args=(12_000_000,))',
        'busy.start(); sleeper(); busy.join()',
        'print(f"{max(lateness):.3f}")',
      ].join('\n');
    const switches: number[] = [];
    for (const interval of [0.02, 0.001]) {
      const snippet = await openPlayground(page, program(interval), 'python');
      expect(await runSnippet(snippet, 60_000)).toBe('done');
      const summary = (await summaryOf(snippet)) as { gil_switches?: number };
      switches.push(summary.gil_switches ?? 0);
      // A sleeper next to a CPU-bound thread gets the GIL back within a few intervals,
      // instead of waiting for the CPU-bound thread to finish (which takes far longer).
      const late = Number((await outputOf(snippet).innerText()).trim());
      expect(late).toBeLessThan(0.25);
    }
    expect(switches[0]).toBeGreaterThan(2);
    expect(switches[1]).toBeGreaterThan(2 * (switches[0] ?? 0));
  });

  test("os.cpu_count() and the pools' default sizes follow the browser's core count", async ({ page }) => {
    const code = [
      'import multiprocessing, os',
      'from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor',
      'with ThreadPoolExecutor() as threads:',
      '    print(os.cpu_count(), os.process_cpu_count(), multiprocessing.cpu_count(), threads._max_workers)',
      'print(ProcessPoolExecutor()._max_workers)',
    ].join('\n');
    const snippet = await openPlayground(page, code, 'python');
    expect(await runSnippet(snippet, 60_000)).toBe('done');
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    expect((await outputOf(snippet).innerText()).trim()).toBe(`${cores} ${cores} ${cores} ${cores + 4}\n${cores}`);
  });
});
