// A diagnostic, not a benchmark: when does Chromium's WebAssembly engine drop its optimised code
// for CPython's evaluation loop while a program runs on a fresh page, and at which call?
//
// The engine optimises the loop (`_PyEval_EvalFrameDefault`) by inlining small functions it
// calls and guessing the target of their calls through type slots; a wrong guess throws the
// optimised code away ("deoptimises"), and the frame that was running keeps slow code to its end.
// This launches Chromium with V8's tracing flags (which a page cannot set), runs the program once
// on a fresh page, and lists, against the moment Run was clicked: each deoptimisation of the loop
// with the inlined C function whose guess failed, and each finished optimised compile of the loop.
// Since src/engines/python/steady-loop.ts the page compiles the loop without deoptimisation points,
// so a healthy page lists one optimised compile and no deoptimisation.
//
// Usage: node scripts/bench/deopts.mjs <program.py> [runs]   (needs a build: npm run build)
import { spawn } from 'node:child_process';
import { openSync, readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, startPreview } from './preview.mjs';

const [file, runsArg = '1'] = process.argv.slice(2);
if (!file) throw new Error('usage: node scripts/bench/deopts.mjs <program.py> [runs]');
const code = readFileSync(file, 'utf8');
const PORT = 4391;
const DEBUG_PORT = 9334;

/** Names of the module's exported functions by function index, read from its export section. */
function exportNames(wasm) {
  const names = new Map();
  let at = 8;
  const leb = () => {
    let value = 0;
    let shift = 0;
    let byte;
    do {
      byte = wasm[at++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return value;
  };
  while (at < wasm.length) {
    const id = wasm[at++];
    const size = leb();
    const end = at + size;
    if (id === 7) {
      for (let count = leb(); count > 0; count -= 1) {
        const length = leb();
        const name = wasm.subarray(at, at + length).toString();
        at += length;
        const kind = wasm[at++];
        const index = leb();
        // Some functions are exported under two names (PySequence_In is PySequence_Contains).
        if (kind === 0) names.set(index, names.has(index) ? `${names.get(index)}/${name}` : name);
      }
    }
    at = end;
  }
  return names;
}

const version = readdirSync('dist/pyodide').find((entry) => /^\d/.test(entry));
const names = exportNames(readFileSync(`dist/pyodide/${version}/pyodide.asm.wasm`));
const loop = [...names].find(([, name]) => name.split('/').includes('_PyEval_EvalFrameDefault'))?.[0];

const { base } = await startPreview(PORT);

for (let run = 1; run <= Number(runsArg); run += 1) {
  const profile = mkdtempSync(join(tmpdir(), 'deopts-'));
  const logFile = join(profile, 'chromium.log');
  const log = openSync(logFile, 'w');
  const browserProcess = spawn(
    process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    [
      '--headless=new',
      ...CHROMIUM_ARGS,
      `--remote-debugging-port=${DEBUG_PORT}`,
      `--user-data-dir=${profile}`,
      '--js-flags=--trace-deopt-verbose --trace-wasm-compilation-times',
      'about:blank',
    ],
    // A process group of its own, so that ending the run ends Chromium's helper processes too.
    { stdio: ['ignore', log, log], detached: true },
  );
  let browser;
  for (let attempt = 0; !browser; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    browser = await chromium.connectOverCDP(`http://127.0.0.1:${DEBUG_PORT}`).catch((error) => {
      if (attempt > 40) throw error;
    });
  }
  const page = await browser.contexts()[0].newPage();
  await page.goto(`${base}/playground/#code=${Buffer.from(code).toString('base64url')}&lang=python`);
  // Each line of the log is stamped with when it was seen, to within the 5 ms of polling.
  const seen = [];
  const poll = setInterval(() => {
    const lines = readFileSync(logFile, 'utf8').split('\n');
    for (let index = seen.length; index < lines.length - 1; index += 1) seen.push([Date.now(), lines[index]]);
  }, 5);
  const snippet = page.locator('pcm-playground pcm-snippet');
  const clicked = Date.now();
  await snippet.getByRole('button', { name: 'Run', exact: true }).click();
  await page.waitForFunction(
    () => document.querySelector('pcm-playground pcm-snippet')?.dataset.state === 'running',
    null,
    { timeout: 120_000, polling: 5 },
  );
  const running = Date.now();
  await page.waitForFunction(
    () => /^(done|error|stopped)$/.test(document.querySelector('pcm-playground pcm-snippet')?.dataset.state ?? ''),
    null,
    { timeout: 180_000 },
  );
  const done = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 100));
  clearInterval(poll);
  const output = (await snippet.locator('[data-output]').innerText()).trim();
  await browser.close().catch(() => {});
  const exited = new Promise((resolve) => browserProcess.once('exit', resolve));
  process.kill(-browserProcess.pid);
  await exited;

  console.log(`run ${run}: 'running' ${running - clicked} ms after the click, done after ${done - clicked} ms`);
  let deopt = null;
  for (const [when, line] of seen) {
    const at = `${String(when - clicked).padStart(6)} ms`;
    const bailout = /type: Wasm\).*function index (\d+), bytecode offset (\d+)/.exec(line);
    if (bailout) {
      deopt = Number(bailout[1]) === loop ? { at, inlined: [] } : null;
      continue;
    }
    const frame = /reading input for liftoff frame.*function_id=(\d+)/.exec(line);
    if (deopt && frame) {
      deopt.inlined.push(names.get(Number(frame[1])) ?? `function ${frame[1]}`);
      continue;
    }
    if (deopt && /Liftoff stack & register state/.test(line)) {
      console.log(
        `  ${deopt.at}  deoptimised: a guess inside ${deopt.inlined.slice(1).join(' > ') || 'the loop'} missed`,
      );
      deopt = null;
    }
    const compiled = new RegExp(`#${loop} using TurboFan, took (\\d+)`).exec(line);
    if (compiled) console.log(`  ${at}  optimised loop installed (compiled in ${Math.round(compiled[1] / 1000)} ms)`);
  }
  console.log(output.split('\n').slice(-5).join('\n'));
  // Chromium's helper processes may still write to the profile for a moment after it exits.
  rmSync(profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
}
process.exit(0);
