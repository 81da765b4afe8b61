// Copies the Pyodide runtime from node_modules into public/pyodide/<version>/, so the site
// serves CPython itself and never loads it from a CDN. The version in the path lets hosts
// cache these 13 MB for a long time (see public/_headers). Runs before `astro dev` and `astro build`.
import { copyFile, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { PYODIDE_FILES as FILES } from './pyodide-files.mjs';

const source = dirname(createRequire(import.meta.url).resolve('pyodide'));
const { version } = JSON.parse(await readFile(join(source, 'package.json'), 'utf8'));
// Older versions are removed so the build never ships two interpreters.
await rm(join('public', 'pyodide'), { recursive: true, force: true });
const target = join('public', 'pyodide', version);
await mkdir(target, { recursive: true });
let bytes = 0;
for (const file of FILES) {
  await copyFile(join(source, file), join(target, file));
  bytes += (await stat(join(target, file))).size;
}
console.log(`Copied Pyodide (${FILES.length} files, ${(bytes / 2 ** 20).toFixed(1)} MB) to ${target}/`);
