// Records what native CPython measures for every runnable Python snippet of the site, so each
// page can show those figures beside the reader's own (see src/site/native/recordings.ts).
//
//   npm run record-native                 records every snippet (3 runs each), replacing the file
//   npm run record-native -- --missing    records only snippets with no recording for their source
//   npm run record-native -- --runs 5     more runs per snippet
//   PYTHON=python3.14 npm run record-native   another interpreter (default: python3)
//
// Snippets are found with the site's own fence transform, so a snippet here is exactly a
// snippet on the page. Each runs one at a time through scripts/native/measure.py, which runs
// it unchanged and reports wall and CPU time (children included), its imports loaded beforehand. The median run by wall time
// is kept. Snippets marked `expect="error"` run once, untimed, to record how they end.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA = join(ROOT, 'src/site/data/native-recordings.json');
const MEASURE = join(ROOT, 'scripts/native/measure.py');
const PYTHON = process.env['PYTHON'] ?? 'python3';
/** A snippet should finish in seconds; one still running after this is ended and reported. */
const TIMEOUT_MS = 60_000;
/** Output kept in the file per snippet, so a chatty program cannot bloat it. */
const MAX_OUTPUT = 4_000;

const args = process.argv.slice(2);
const missingOnly = args.includes('--missing');
const runsFlag = args.indexOf('--runs');
const RUNS = runsFlag >= 0 ? Number(args[runsFlag + 1]) : 3;
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs takes a whole number of runs, 1 or more');

// The extractor and the number parser are the site's own TypeScript; Vite loads them as the build does.
const load = async (path) =>
  (await runnerImport(join(ROOT, path), { configFile: false, logLevel: 'error', root: ROOT })).module;
const { contentSnippets, recordable, notRecordedBecause, browserOnlyImport } = await load('src/site/native/extract.ts');
const { printedNumbers } = await load('src/ui/printed-numbers.ts');

/** Runs a command; resolves with its exit code (null if killed), stdout and stderr. */
function execute(command, commandArgs, { timeoutMs, env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    let timedOut = false;
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        code,
        timedOut,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

const cut = (text) => (text.length > MAX_OUTPUT ? `${text.slice(0, MAX_OUTPUT)}\n[cut]\n` : text);
const lastLine = (text) => text.trim().split('\n').at(-1) ?? '';

/** Runs one program once under measure.py. */
async function runOnce(dir, source) {
  const program = join(dir, 'snippet.py');
  const report = join(dir, 'report.json');
  await writeFile(program, source.endsWith('\n') ? source : `${source}\n`);
  await rm(report, { force: true });
  // Unbuffered, as in a terminal: a child process ended by its pool still shows what it printed.
  const result = await execute(PYTHON, [MEASURE, program, report], {
    timeoutMs: TIMEOUT_MS,
    env: { PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
  });
  const figures = await readFile(report, 'utf8').then(JSON.parse, () => undefined);
  return { ...result, figures };
}

/** Records one snippet: its runs, the median run's figures and output, or why there are none. */
async function record(snippet, env) {
  const base = {
    page: snippet.page,
    line: snippet.line,
    ...(snippet.title ? { title: snippet.title } : {}),
    ...(snippet.experiment ? { experiment: snippet.experiment } : {}),
  };
  const browserOnly = browserOnlyImport(snippet.source);
  if (browserOnly)
    return { ...base, status: 'unsupported', reason: browserOnly, runs: [], stdout: '', stderr: '', env };

  const dir = await mkdtemp(join(tmpdir(), 'pcm-native-'));
  try {
    if (snippet.expect === 'error') {
      // Its failure is the lesson: run once to record how it ends natively, and time nothing.
      const run = await runOnce(dir, snippet.source);
      const reason = run.timedOut
        ? `did not finish within ${TIMEOUT_MS / 1000} s (CPython would wait forever)`
        : run.code === 0
          ? 'finished without an error'
          : `ended with ${lastLine(run.stderr)}`;
      return { ...base, status: 'error', reason, runs: [], stdout: cut(run.stdout), stderr: cut(run.stderr), env };
    }
    const runs = [];
    for (let index = 0; index < RUNS; index += 1) {
      const run = await runOnce(dir, snippet.source);
      if (run.timedOut || run.code !== 0 || !run.figures) {
        const reason = run.timedOut
          ? `it did not finish within ${TIMEOUT_MS / 1000} s on CPython ${env.python}`
          : run.code !== 0
            ? `it fails on CPython ${env.python}: ${lastLine(run.stderr)}`
            : 'it ended without CPython’s normal exit, so nothing could be measured';
        return {
          ...base,
          status: 'unsupported',
          reason,
          runs: [],
          stdout: cut(run.stdout),
          stderr: cut(run.stderr),
          env,
        };
      }
      runs.push(run);
    }
    const median = runs.toSorted((a, b) => a.figures.wall_ms - b.figures.wall_ms)[Math.floor((runs.length - 1) / 2)];
    const round = (ms) => Number(ms.toFixed(2));
    const { wall_ms, cpu_ms } = median.figures;
    return {
      ...base,
      status: 'ok',
      runs: runs.map((run) => ({
        wall_ms: round(run.figures.wall_ms),
        cpu_ms: round(run.figures.cpu_ms),
        exit_code: run.code,
      })),
      wall_ms: round(wall_ms),
      cpu_ms: round(cpu_ms),
      parallelism: Number((cpu_ms / wall_ms).toFixed(3)),
      printed: printedNumbers(median.stdout),
      stdout: cut(median.stdout),
      stderr: cut(median.stderr),
      env,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const about = await execute(PYTHON, [MEASURE, '--about']);
if (about.code !== 0) throw new Error(`${PYTHON} could not describe itself:\n${about.stderr}`);
const env = { ...JSON.parse(about.stdout), date: new Date().toISOString().slice(0, 10) };
if (env.implementation !== 'CPython') console.warn(`Note: ${PYTHON} is ${env.implementation}, not CPython.`);

const all = await contentSnippets(join(ROOT, 'content'));
const skipped = all.filter((snippet) => notRecordedBecause(snippet) !== undefined);
const wanted = recordable(all);
const previous = await readFile(DATA, 'utf8').then(JSON.parse, () => ({ snippets: {} }));
const relativePage = (snippet) => ({ ...snippet, page: snippet.page.slice(ROOT.length) });

const snippets = {};
let recorded = 0;
for (const snippet of wanted.map(relativePage)) {
  if (snippets[snippet.hash]) continue; // The same source on two pages is recorded once.
  if (missingOnly && previous.snippets[snippet.hash]) {
    snippets[snippet.hash] = { ...previous.snippets[snippet.hash], page: snippet.page, line: snippet.line };
    continue;
  }
  const name = `${snippet.page}:${snippet.line}${snippet.title ? ` (${snippet.title})` : ''}`;
  process.stdout.write(`${name} … `);
  const entry = await record(snippet, env);
  snippets[snippet.hash] = entry;
  recorded += 1;
  console.log(
    entry.status === 'ok'
      ? `wall ${entry.runs.map((run) => run.wall_ms.toFixed(0)).join('/')} ms, parallelism ${entry.parallelism.toFixed(2)}`
      : `${entry.status}: ${entry.reason}`,
  );
}

const file = {
  about:
    'Native CPython figures for the runnable Python snippets in content/, keyed by the SHA-256 of each ' +
    "snippet's source. Wall and CPU times run from the program's first line to its exit (child processes " +
    'included), with the standard-library modules it imports already loaded, as in the browser. ' +
    'Written by `npm run record-native`; do not edit by hand.',
  runs: RUNS,
  snippets,
};
await writeFile(DATA, `${JSON.stringify(file, null, 2)}\n`);

const entries = Object.values(snippets);
const count = (status) => entries.filter((entry) => entry.status === status).length;
const reasons = [...new Set(skipped.map(notRecordedBecause))];
console.log(
  `\n${entries.length} Python snippets in ${DATA.slice(ROOT.length)} (${recorded} recorded now, ${RUNS} runs each): ` +
    `${count('ok')} timed, ${count('error')} meant to fail, ${count('unsupported')} cannot run natively.\n` +
    `${env.implementation} ${env.python} on ${env.cores} cores (${env.machine}, ${env.processor}, ${env.system}), ${env.date}.\n` +
    `${skipped.length} snippets not recorded by rule: ${reasons.join('; ') || 'none'}.`,
);
