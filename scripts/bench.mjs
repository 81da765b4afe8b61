// Benchmarks of the snippet engines, run in headless Chromium against the production
// build. It prints figures; it asserts nothing (timed assertions belong in no test).
// Usage: npm run bench   (builds first when dist/ is missing)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { benchProcesses } from './bench-processes.mjs';
import { benchFidelity, benchGil } from './bench/fidelity.mjs';
import { CHROMIUM_ARGS, startPreview } from './bench/preview.mjs';

const PORT = 4390;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

if (!existsSync('dist/pyodide')) execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
const { base: BASE, stop: stopServer } = await startPreview(PORT);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: CHROMIUM_ARGS,
});

/** Runs code in the playground exactly as a reader would, and returns its output text. */
async function runInPlayground(page, code, target) {
  const encoded = Buffer.from(code).toString('base64url');
  await page.goto(`${BASE}/playground/#code=${encoded}&lang=ts&target=${target}`);
  const snippet = page.locator('pcm-playground pcm-snippet');
  await snippet.getByRole('button', { name: 'Run', exact: true }).click();
  await page.waitForFunction(
    () => /^(done|error|stopped)$/.test(document.querySelector('pcm-playground pcm-snippet')?.dataset.state ?? ''),
    null,
    { timeout: 120_000 },
  );
  const output = await snippet.locator('[data-output]').innerText();
  if ((await snippet.getAttribute('data-state')) !== 'done') throw new Error(`benchmark snippet failed:\n${output}`);
  return output;
}

const CRUNCH = `(rounds) => {
  let x = 1;
  for (let i = 0; i < rounds; i++) x = (x * 1103515245 + 12345) % 2147483648;
  return x;
}`;

// `npm run bench -- fidelity` runs only the fidelity section.
if (process.argv[2] === 'fidelity') {
  await benchFidelity(browser, BASE);
  await benchGil(browser, BASE);
  await browser.close();
  process.exit(0);
}

const page = await browser.newPage();
const cores = await (async () => {
  await page.goto(`${BASE}/`);
  return page.evaluate(() => navigator.hardwareConcurrency);
})();
console.log(`Chromium ${browser.version()}, navigator.hardwareConcurrency = ${cores}\n`);

// 1. Worker-pool speed-up: 12 equal chunks (~2 s of work on one worker), timed after start-up.
const sizes = [...new Set([1, 2, cores])];
const poolOutput = await runInPlayground(
  page,
  `const crunch = ${CRUNCH};
const chunks = Array.from({ length: 12 }, () => 6_000_000);
for (const size of ${JSON.stringify(sizes)}) {
  const pool = await workers(size);
  await pool.map(crunch, [1000]); // warm the JIT in every worker
  const samples = [];
  for (let round = 0; round < 3; round++) {
    const started = now();
    await pool.map(crunch, chunks);
    samples.push(now() - started);
  }
  pool.close();
  samples.sort((a, b) => a - b);
  console.log(JSON.stringify({ size, ms: samples[1] }));
}`,
  'worker',
);
const poolRuns = poolOutput
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line));
const base = poolRuns[0].ms;
console.log('Worker pool, CPU-bound job (12 chunks), median of 3, start-up excluded:');
for (const { size, ms } of poolRuns) {
  const speedup = base / ms;
  const ideal = Math.min(size, cores);
  const verdict = speedup >= 0.9 * ideal ? 'meets' : 'misses';
  console.log(
    `  ${String(size).padStart(2)} worker(s): ${ms.toFixed(0).padStart(5)} ms  speed-up ${speedup.toFixed(2)}×  (target ≥ ${(0.9 * ideal).toFixed(2)}×: ${verdict})`,
  );
}

// 2. Worker spawn time: one worker at a time, ten times.
const spawnOutput = await runInPlayground(
  page,
  `for (let i = 0; i < 10; i++) {
  const started = now();
  const pool = await workers(1);
  console.log(now() - started);
  pool.close();
}`,
  'worker',
);
const spawns = spawnOutput.trim().split('\n').map(Number);
console.log(
  `\nWorker spawn (until it answers), 10 in a row: first ${spawns[0].toFixed(1)} ms, median ${median(spawns.slice(1)).toFixed(1)} ms`,
);

// 3a. Tracing overhead: the same CPU-bound work split into 2,000 units, each wrapped in a
// traced span or not, inside one snippet (so everything else is equal).
const tracingOutput = await runInPlayground(
  page,
  `const crunch = ${CRUNCH};
const plain = [];
const traced = [];
for (let trial = 0; trial < 5; trial++) {
  let started = now();
  for (let unit = 0; unit < 2000; unit++) crunch(20_000);
  plain.push(now() - started);
  started = now();
  for (let unit = 0; unit < 2000; unit++) span('unit', () => crunch(20_000));
  traced.push(now() - started);
}
plain.sort((a, b) => a - b);
traced.sort((a, b) => a - b);
console.log(JSON.stringify({ plain: plain[2], traced: traced[2] }));`,
  'worker',
);
const tracing = JSON.parse(tracingOutput.trim());
console.log(
  `\nTracing overhead, 2,000 traced spans over ~${tracing.plain.toFixed(0)} ms of CPU-bound work (median of 5): ${tracing.traced.toFixed(0)} ms vs ${tracing.plain.toFixed(0)} ms untraced → ${((tracing.traced / tracing.plain - 1) * 100).toFixed(1)} % (target ≤ 5 %)`,
);

// 3b. Loop protection on the main thread: the same loop as a main-thread snippet (compiled,
// with a guard call in every iteration) and as plain JavaScript evaluated in the page.
const ROUNDS = 40_000_000;
const snippetTimes = [];
const plainTimes = [];
for (let trial = 0; trial < 5; trial += 1) {
  const out = await runInPlayground(
    page,
    `const crunch = ${CRUNCH};\nconst started = now();\ncrunch(${ROUNDS});\nconsole.log(now() - started);`,
    'main',
  );
  snippetTimes.push(Number(out.trim()));
  plainTimes.push(
    await page.evaluate(
      ([source, rounds]) => {
        const crunch = (0, eval)(`(${source})`);
        const started = performance.now();
        crunch(rounds);
        return performance.now() - started;
      },
      [CRUNCH, ROUNDS],
    ),
  );
}
const overhead = (median(snippetTimes) / median(plainTimes) - 1) * 100;
console.log(
  `Loop protection on the main thread, ${ROUNDS / 1e6}M-iteration arithmetic loop (median of 5): ${median(snippetTimes).toFixed(0)} ms vs ${median(plainTimes).toFixed(0)} ms plain → ${overhead.toFixed(1)} % (in workers the guard is an empty function)`,
);

// 4. JavaScript an article page loads when the reader first clicks Run.
const fresh = await browser.newPage();
await fresh.goto(`${BASE}/asyncio/`);
await fresh.waitForLoadState('networkidle');
const loaded = new Map();
fresh.on('response', async (response) => {
  if (!/\.m?js(\?|$)/.test(response.url())) return;
  try {
    loaded.set(response.url(), gzipSync(await response.body(), { level: 9 }).length);
  } catch {
    // Worker scripts are fetched by the worker; their bodies are not always available here.
  }
});
const first = fresh.locator('pcm-snippet[data-lang="ts"]').first();
await first.getByRole('button', { name: 'Run', exact: true }).click();
await fresh.waitForFunction(
  () => document.querySelector('pcm-snippet[data-lang="ts"]')?.dataset.state === 'done',
  null,
  {
    timeout: 60_000,
  },
);
await fresh.waitForLoadState('networkidle');
const extra = [...loaded.values()].reduce((sum, bytes) => sum + bytes, 0);
console.log(
  `\nFirst click on Run (main-thread TypeScript snippet, /asyncio/): ${loaded.size} more JS files, ${(extra / 1024).toFixed(1)} KB gzip`,
);
for (const [url, bytes] of loaded)
  console.log(`  ${(bytes / 1024).toFixed(1).padStart(6)} KB  ${new URL(url).pathname}`);

// 5. Python: interpreter start-up, first output, bytes, and speed against native CPython.
async function pythonFirstOutput(context, code, marker) {
  const pythonPage = await context.newPage();
  const encoded = Buffer.from(code).toString('base64url');
  await pythonPage.goto(`${BASE}/playground/#code=${encoded}&lang=python`);
  const snippet = pythonPage.locator('pcm-playground pcm-snippet');
  const clicked = Date.now();
  await snippet.getByRole('button', { name: 'Run', exact: true }).click();
  await snippet.locator('[data-output]').filter({ hasText: marker }).waitFor({ timeout: 120_000 });
  const firstOutput = Date.now() - clicked;
  await pythonPage.waitForFunction(
    () => /^(done|error|stopped)$/.test(document.querySelector('pcm-playground pcm-snippet')?.dataset.state ?? ''),
    null,
    { timeout: 120_000 },
  );
  const output = await snippet.locator('[data-output]').innerText();
  await pythonPage.close();
  return { firstOutput, output };
}

const pythonContext = await browser.newContext();
const bytesByFile = new Map();
pythonContext.on('response', async (response) => {
  const path = new URL(response.url()).pathname;
  if (!path.startsWith('/pyodide/') && !/python-worker|py-engine|engine/.test(path)) return;
  try {
    bytesByFile.set(path, (await response.body()).length);
  } catch {
    // A cached or aborted response has no body to measure.
  }
});
const cold = await pythonFirstOutput(pythonContext, 'print("ready")', 'ready');
const downloaded = [...bytesByFile.values()].reduce((sum, bytes) => sum + bytes, 0);
const warm = await pythonFirstOutput(pythonContext, 'print("ready")', 'ready');
console.log('\nPython (Pyodide, CPython in WebAssembly):');
console.log(`  click Run → first output, first visit (empty cache): ${(cold.firstOutput / 1000).toFixed(2)} s`);
console.log(`  click Run → first output, second visit (browser cache): ${(warm.firstOutput / 1000).toFixed(2)} s`);
console.log(
  `  downloaded for Python on the first visit: ${(downloaded / 2 ** 20).toFixed(1)} MB in ${bytesByFile.size} files`,
);
for (const [path, bytes] of [...bytesByFile].sort((a, b) => b[1] - a[1]).slice(0, 5)) {
  console.log(`    ${(bytes / 2 ** 20).toFixed(2).padStart(6)} MB  ${path}`);
}

const FIB =
  'import time\ndef fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nstart = time.perf_counter()\nfib(30)\nprint(f"{time.perf_counter() - start:.3f}")\n';
const inBrowser = [];
for (let trial = 0; trial < 3; trial += 1) {
  inBrowser.push(Number((await pythonFirstOutput(pythonContext, FIB, '.')).output.trim()));
}
let native;
try {
  const runs = [0, 1, 2].map(() => Number(execFileSync('python3', ['-c', FIB], { encoding: 'utf8' }).trim()));
  const version = execFileSync('python3', ['-c', 'import sys; print(sys.version.split()[0])'], {
    encoding: 'utf8',
  }).trim();
  native = { seconds: median(runs), version };
} catch {
  native = undefined;
}
const browserFib = median(inBrowser);
console.log(
  `  fib(30), pure Python, median of 3: ${browserFib.toFixed(3)} s in the browser` +
    (native
      ? ` vs ${native.seconds.toFixed(3)} s native CPython ${native.version} → the browser takes ${(browserFib / native.seconds).toFixed(2)}× as long`
      : ' (no native python3 to compare with)'),
);

// 6. Threads under the GIL: CPU-bound work in 2 and 4 threads against sequential, the cost
// of the switch-request mechanism with one thread, switches per second, mean GIL hold.
const THREADS = readFileSync(new URL('./bench/threads.py', import.meta.url), 'utf8');
const figures = (text) =>
  Object.fromEntries(
    text
      .trim()
      .split('\n')
      .map((line) => line.split(' ')),
  );
const inPage = figures((await pythonFirstOutput(pythonContext, THREADS, 'interval_ms')).output);
let nativeThreads;
try {
  nativeThreads = figures(execFileSync('python3', ['-c', THREADS], { encoding: 'utf8' }));
} catch {
  nativeThreads = undefined;
}
console.log('\nPython threads under the GIL (CPU-bound countdown, best of 3, start-up included):');
for (const count of [2, 4]) {
  console.log(
    `  ${count} threads vs sequential: ${inPage[`threads${count}`]}×` +
      (nativeThreads ? ` (native CPython: ${nativeThreads[`threads${count}`]}×)` : ''),
  );
}
console.log(`  switch requests with a single thread cost ${(Number(inPage.single) * 100).toFixed(1)} % (best of 5)`);
console.log(
  `  two CPU-bound threads: ${inPage.switches_per_s} GIL switches/s, mean hold ${inPage.mean_hold_ms} ms at sys.getswitchinterval() = ${inPage.interval_ms} ms`,
);
await pythonContext.close();

// 6. Python processes: start-up, speed-up, and the cost of a Pool.map item.
await benchProcesses(browser, BASE);
await benchFidelity(browser, BASE);
await benchGil(browser, BASE);

await browser.close();
stopServer();
