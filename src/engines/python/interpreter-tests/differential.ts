/**
 * The differential suite's programs and what each must print.
 *
 * Programs live in `differential/<area>/<name>.py`, one behaviour each, named by their
 * first-line comment. Programs normalise what legitimately differs between runs (ids,
 * timings, addresses) themselves. What a program must print, in this order:
 *
 * 1. its `<name>.expected` file, where the native interpreter here (3.11) and the site's
 *    (3.14) legitimately differ (a feature 3.11 lacks), written from CPython 3.14's
 *    documentation and source;
 * 2. else what native CPython (`python3`) prints running it, when the machine has one
 *    (developers' machines and CI do);
 * 3. else the native output recorded in `differential/native.json` (with the version that
 *    printed it), so that the suite still compares on a machine without `python3`.
 *    `npm run differential:record` rewrites it; a test fails when it is out of date.
 *
 * Where a program runs: in the site's interpreter under Node (interpreter-tests/
 * differential.test.ts), except in areas that start processes, which need the browser's
 * workers and run in Chromium (e2e/differential.spec.ts). A header line
 * `# differential: browser` or `# differential: node` says otherwise for one program.
 * Adding a program needs no change here.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DIFFERENTIAL_DIR = join(dirname(fileURLToPath(import.meta.url)), 'differential');

/** Areas whose programs start processes, which need the browser's workers. */
const BROWSER_AREAS = new Set(['multiprocessing', 'manager']);

export interface Program {
  /** `area/name`, as tests are titled. */
  id: string;
  area: string;
  path: string;
  source: string;
  /** The behaviour it checks: its first-line comment. */
  behaviour: string;
  where: 'node' | 'browser';
  /** The `.expected` file's text, if the program is compared with one. */
  expected: string | null;
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : entry.name.endsWith('.py') ? [join(dir, entry.name)] : [],
  );
}

/** Every program of the suite, sorted by area and name. */
export function programs(): Program[] {
  return walk(DIFFERENTIAL_DIR)
    .sort()
    .map((path) => {
      const source = readFileSync(path, 'utf8');
      const area = relative(DIFFERENTIAL_DIR, dirname(path)).split(/[\\/]/)[0] ?? '';
      const header = source.split('\n', 3);
      const expectedPath = path.replace(/\.py$/, '.expected');
      const marker = /^# differential: (browser|node)\b/m.exec(header.join('\n'))?.[1];
      const browser = marker ? marker === 'browser' : BROWSER_AREAS.has(area);
      return {
        id: `${area}/${basename(path, '.py')}`,
        area,
        path,
        source,
        behaviour: (header[0] ?? '').replace(/^#\s*/, ''),
        where: browser ? 'browser' : 'node',
        expected: existsSync(expectedPath) ? readFileSync(expectedPath, 'utf8') : null,
      } satisfies Program;
    });
}

let python3: string | null | undefined;

/** The native interpreter, or null when the machine has none. */
export function nativePython(): string | null {
  if (python3 === undefined) {
    try {
      execFileSync('python3', ['-c', 'pass'], { stdio: 'ignore' });
      python3 = 'python3';
    } catch {
      python3 = null;
    }
  }
  return python3;
}

const NATIVE_ENV = { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONHASHSEED: '0' };

/** What native CPython prints running the program (its stdout), and whether it exited 0. */
export function runNative(program: Program): Promise<{ out: string; ok: boolean; err: string }> {
  const python = nativePython();
  if (!python) return Promise.reject(new Error('no python3 on this machine'));
  return new Promise((resolve) => {
    execFile(
      python,
      [basename(program.path)],
      { cwd: dirname(program.path), encoding: 'utf8', timeout: 30_000, env: NATIVE_ENV },
      (error, out, err) => resolve({ out, ok: error === null, err: error ? `${err}\n${String(error)}` : err }),
    );
  });
}

/** The native interpreter's version, as `python3 --version` says it. */
export function nativeVersion(): string | null {
  const python = nativePython();
  return python ? execFileSync(python, ['--version'], { encoding: 'utf8' }).trim() : null;
}

export const RECORD_PATH = join(DIFFERENTIAL_DIR, 'native.json');

export interface Recorded {
  /** The interpreter that printed the outputs. */
  python: string;
  /** Program id to what it printed. */
  outputs: Record<string, string>;
}

/** The committed record of native outputs (see the module's doc). */
export function recorded(): Recorded {
  return existsSync(RECORD_PATH)
    ? (JSON.parse(readFileSync(RECORD_PATH, 'utf8')) as Recorded)
    : { python: 'none', outputs: {} };
}

/**
 * What the site must print (see the module's doc); native runs happen at most once per
 * program, and several at a time, since most of a program's time is spent sleeping.
 */
export function references(list: Program[], parallel = 4): Map<string, Promise<string>> {
  const record = recorded();
  const native = nativePython() !== null;
  const result = new Map<string, Promise<string>>();
  const waiting: Array<() => void> = [];
  let running = 0;
  const slot = async (): Promise<void> => {
    while (running >= parallel) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
  };
  const free = (): void => {
    running -= 1;
    waiting.shift()?.();
  };
  for (const program of list) {
    if (program.expected !== null) {
      result.set(program.id, Promise.resolve(program.expected));
    } else if (native) {
      const run = slot().then(async () => {
        try {
          const outcome = await runNative(program);
          if (!outcome.ok) throw new Error(`${program.id} fails in native CPython:\n${outcome.err}`);
          return outcome.out;
        } finally {
          free();
        }
      });
      result.set(program.id, run);
    } else {
      const out = record.outputs[program.id];
      result.set(
        program.id,
        out === undefined
          ? Promise.reject(new Error(`${program.id}: no python3 here and no recorded output (differential:record)`))
          : Promise.resolve(out),
      );
    }
    // A failure is reported by the test that awaits it, not as an unhandled rejection.
    result.get(program.id)?.catch(() => {});
  }
  return result;
}
