// Benchmark of Python processes (multiprocessing on Web Workers), used by bench.mjs:
// process start-up (first and warm), CPU-bound speed-up at 1, 2 and cpu_count processes
// after start-up, and the per-item overhead of a trivial Pool.map, against native CPython
// when python3 is installed. It prints figures and asserts nothing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const SPAWN = `import multiprocessing as mp
import time

def nothing():
    pass

if __name__ == "__main__":
    start = time.perf_counter()
    p = mp.Process(target=nothing)
    p.start()
    p.join()
    print(f"SPAWN {(time.perf_counter() - start) * 1000:.0f}")
`;

const SPEEDUP = `import multiprocessing as mp
import time

def cpu(n):
    total = 0
    for i in range(n):
        total += i * i
    return total

if __name__ == "__main__":
    cores = mp.cpu_count()
    sizes = sorted({1, 2, cores})
    jobs = [2_500_000] * (2 * max(sizes))
    # Start-up first, so that no interpreter is booting while the baseline is timed.
    with mp.Pool(max(sizes)) as pool:
        pool.map(cpu, [10] * max(sizes), chunksize=1)
    start = time.perf_counter()
    for n in jobs:
        cpu(n)
    sequential = time.perf_counter() - start
    print(f"SEQ {sequential:.3f}")
    for size in sizes:
        with mp.Pool(size) as pool:         # returns once its workers have started
            pool.map(cpu, [10] * size, chunksize=1)
            start = time.perf_counter()
            pool.map(cpu, jobs, chunksize=1)
            elapsed = time.perf_counter() - start
        print(f"POOL {size} {elapsed:.3f} {sequential / elapsed:.2f}")
`;

const OVERHEAD = `import multiprocessing as mp
import time

def square(x):
    return x * x

if __name__ == "__main__":
    with mp.Pool(2) as pool:
        pool.map(square, range(10))
        for chunksize, items in ((None, 20_000), (1, 2_000)):
            times = []
            for _ in range(3):
                start = time.perf_counter()
                pool.map(square, range(items), chunksize=chunksize)
                times.append(time.perf_counter() - start)
            print(f"ITEM {chunksize} {min(times) / items * 1e6:.1f}")
`;

/** Runs Python in the playground of `page` (the same page keeps its interpreters warm). */
async function runPython(page, base, code, reload) {
  const encoded = Buffer.from(code).toString('base64url');
  if (reload) await page.goto(`${base}/playground/#code=${encoded}&lang=python`);
  const snippet = page.locator('pcm-playground pcm-snippet');
  await snippet.getByRole('button', { name: 'Run', exact: true }).click();
  await page.waitForFunction(
    () => /^(done|error|stopped)$/.test(document.querySelector('pcm-playground pcm-snippet')?.dataset.state ?? ''),
    null,
    { timeout: 600_000 },
  );
  const output = await snippet.locator('[data-output]').innerText();
  if ((await snippet.getAttribute('data-state')) !== 'done') throw new Error(`benchmark snippet failed:\n${output}`);
  return output;
}

/** Runs the same program in native CPython, from a file: spawned children import it by path. */
function native(code) {
  try {
    const file = join(mkdtempSync(join(tmpdir(), 'pcm-bench-')), 'bench.py');
    writeFileSync(file, code);
    return execFileSync('python3', [file], { encoding: 'utf8', timeout: 300_000 });
  } catch {
    return undefined;
  }
}

export async function benchProcesses(browser, base) {
  console.log('\nPython processes (multiprocessing on Web Workers, one interpreter each):');
  const page = await browser.newPage();
  const spawnMs = (output) => Number(/SPAWN (\d+)/.exec(output)?.[1]);
  const first = spawnMs(await runPython(page, base, SPAWN, true));
  const warm = [];
  for (let trial = 0; trial < 3; trial += 1) {
    // Between runs the hub boots replacements in the background, as it does between a reader's runs.
    await page.waitForTimeout(3000);
    warm.push(spawnMs(await runPython(page, base, SPAWN, false)));
  }
  const nativeSpawn = native(
    SPAWN.replace('if __name__ == "__main__":', 'if __name__ == "__main__":\n    mp.set_start_method("spawn")'),
  );
  console.log(`  start and join one process, first on the page: ${first} ms (boots the hub and an interpreter image)`);
  console.log(
    `  start and join one process, warm (median of 3): ${median(warm)} ms` +
      (nativeSpawn ? ` vs ${spawnMs(nativeSpawn)} ms native CPython (spawn)` : ''),
  );

  const speedup = await runPython(page, base, SPEEDUP, true);
  const sequential = Number(/SEQ ([\d.]+)/.exec(speedup)?.[1]);
  console.log(`  CPU-bound jobs, sequential in the parent: ${sequential.toFixed(2)} s; after pool start-up:`);
  for (const [, size, seconds, ratio] of speedup.matchAll(/POOL (\d+) ([\d.]+) ([\d.]+)/g)) {
    console.log(`    ${size.padStart(2)} process${size === '1' ? ' ' : 'es'}: ${seconds} s, speed-up ${ratio}×`);
  }
  const nativeSpeedup = native(SPEEDUP);
  if (nativeSpeedup) {
    const ratios = [...nativeSpeedup.matchAll(/POOL (\d+) [\d.]+ ([\d.]+)/g)].map(([, n, r]) => `${n}: ${r}×`);
    console.log(`    native CPython (fork): ${ratios.join(', ')}`);
  }

  const overhead = await runPython(page, base, OVERHEAD, true);
  const nativeOverhead = native(OVERHEAD);
  for (const [, chunksize, micros] of overhead.matchAll(/ITEM (\w+) ([\d.]+)/g)) {
    const nativeMicros = nativeOverhead && new RegExp(`ITEM ${chunksize} ([\\d.]+)`).exec(nativeOverhead)?.[1];
    console.log(
      `  Pool(2).map of a trivial function, chunksize ${chunksize === 'None' ? 'default' : chunksize}: ${micros} µs per item` +
        (nativeMicros ? ` vs ${nativeMicros} µs native CPython` : ''),
    );
  }
  await page.close();
}
