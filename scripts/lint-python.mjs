// Lints and format-checks the site's Python package (src/engines/python/pcm/) with Ruff
// (its WebAssembly build from npm, so no Python tooling is needed). `--fix` formats in place
// and applies the fixes Ruff offers (import order, unused imports and the like).
// The settings are Ruff's own (https://docs.astral.sh/ruff/settings), kept here.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { PositionEncoding, Workspace } from '@astral-sh/ruff-wasm-nodejs';

const PACKAGE = new URL('../src/engines/python/pcm/', import.meta.url);
const settings = {
  'line-length': 120,
  'target-version': 'py314',
  format: { 'quote-style': 'double' },
  lint: {
    // pycodestyle, pyflakes, import order, bugbear, pyupgrade, and type hints on public functions.
    select: ['E', 'F', 'W', 'I', 'B', 'UP', 'ANN001', 'ANN201', 'ANN206'],
  },
};

const fix = process.argv.includes('--fix');
const workspace = new Workspace(settings, PositionEncoding.Utf16);

/** Applies Ruff's offered fixes one at a time (each may move the others), then formats. */
function fixed(source) {
  let text = source;
  for (let round = 0; round < 500; round += 1) {
    const fixable = workspace.check(text).find((diagnostic) => diagnostic.fix?.edits.length);
    if (!fixable) break;
    const lines = text.split('\n');
    const offset = ({ row, column }) =>
      lines.slice(0, row - 1).reduce((sum, line) => sum + line.length + 1, 0) + column - 1;
    const edits = fixable.fix.edits.toSorted((a, b) => offset(b.location) - offset(a.location));
    for (const edit of edits) {
      text = text.slice(0, offset(edit.location)) + (edit.content ?? '') + text.slice(offset(edit.end_location));
    }
  }
  return workspace.format(text);
}
const dir = PACKAGE.pathname;
let problems = 0;
for (const name of (await readdir(dir)).filter((file) => file.endsWith('.py')).sort()) {
  const path = join(dir, name);
  const source = await readFile(path, 'utf8');
  const formatted = fix ? fixed(source) : workspace.format(source);
  if (formatted !== source) {
    if (fix) await writeFile(path, formatted);
    else {
      problems += 1;
      console.log(`${relative(process.cwd(), path)}: not formatted (npm run format:py)`);
    }
  }
  for (const diagnostic of workspace.check(fix ? formatted : source)) {
    problems += 1;
    const { row, column } = diagnostic.start_location;
    console.log(`${relative(process.cwd(), path)}:${row}:${column}: ${diagnostic.code ?? ''} ${diagnostic.message}`);
  }
}
workspace.free();
if (problems > 0) {
  console.log(`${problems} problem${problems === 1 ? '' : 's'} in the Python package`);
  process.exit(1);
}
console.log(`Python package: formatted and lint-free (Ruff ${Workspace.version()})`);
