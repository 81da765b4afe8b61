/**
 * The differential suite's programs and what each must print.
 *
 * Programs live in `differential/<area>/<name>.py`, one behaviour each, named by their
 * first-line comment. Each is compared with native CPython (`python3`), or, where the
 * native interpreter here (3.11) and the site's (3.14) legitimately differ, with a
 * `<name>.expected` file written from CPython 3.14's documentation and source. Programs
 * normalise what legitimately differs between runs (ids, timings, addresses) themselves.
 *
 * Where a program runs: in the site's interpreter under Node (interpreter-tests/
 * differential.test.ts), except in areas that start processes, which need the browser's
 * workers and run in Chromium (e2e/differential.spec.ts). A header line
 * `# differential: browser` or `# differential: node` says otherwise for one program.
 * Adding a program needs no change here.
 */
import { execFileSync } from 'node:child_process';
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

/** What native CPython prints running the program (its stdout), and whether it exited 0. */
export function runNative(program: Program): { out: string; ok: boolean; err: string } {
  const python = nativePython();
  if (!python) throw new Error('no python3 on this machine');
  try {
    const out = execFileSync(python, [basename(program.path)], {
      cwd: dirname(program.path),
      encoding: 'utf8',
      timeout: 30_000,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONHASHSEED: '0' },
    });
    return { out, ok: true, err: '' };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { out: failed.stdout ?? '', ok: false, err: failed.stderr ?? String(error) };
  }
}

/**
 * What the site must print: the `.expected` file if there is one, else native CPython's
 * output, or null if neither is available (no python3 here: the comparison is skipped).
 */
export function reference(program: Program): string | null {
  if (program.expected !== null) return program.expected;
  if (!nativePython()) return null;
  const native = runNative(program);
  if (!native.ok) throw new Error(`${program.id} fails in native CPython:\n${native.err}`);
  return native.out;
}
