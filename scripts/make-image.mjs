// Makes the interpreter's memory image at build time, so that a browser's first visit restores
// CPython instead of booting it (src/engines/python/boot.ts explains the image). Pyodide under
// Node boots, imports what every program needs (PRELOADED) and the site's package, and its
// memory is written gzipped beside Pyodide's files in public/pyodide/<version>/. Runs after
// scripts/copy-pyodide.mjs.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { loadPyodide } from 'pyodide';

import { imageFile, makeImage } from '../src/engines/python/boot.ts';
import { readPackageFiles } from './python-package.mjs';

const source = dirname(createRequire(import.meta.url).resolve('pyodide'));
const { version } = JSON.parse(await readFile(join(source, 'package.json'), 'utf8'));
const folder = join('public', 'pyodide', version);
const files = readPackageFiles();
const target = join(folder, `${imageFile(files)}.gz`);

const started = performance.now();
// The same files the site serves, and the same steps as a browser that makes the image.
// The program's name is Emscripten's default, as in a browser, not this script's path.
const maker = await loadPyodide({ indexURL: `${folder}/`, _makeSnapshot: true, _sysExecutable: './this.program' });
const image = makeImage(maker, files);
await writeFile(target, await promisify(gzip)(image));
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const mb = (bytes) => (bytes / 2 ** 20).toFixed(1);
console.log(
  `Made the interpreter's image (${mb(image.length)} MB, ${mb((await stat(target)).size)} MB gzipped) in ${seconds} s: ${target}`,
);
