// Copies the Pyodide runtime from node_modules into public/pyodide/, so the site serves
// CPython itself and never loads it from a CDN. Runs before `astro dev` and `astro build`.
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const FILES = ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'];
const source = dirname(createRequire(import.meta.url).resolve('pyodide/package.json'));
const target = join('public', 'pyodide');
await mkdir(target, { recursive: true });
let bytes = 0;
for (const file of FILES) {
  await copyFile(join(source, file), join(target, file));
  bytes += (await stat(join(target, file))).size;
}
console.log(`Copied Pyodide (${FILES.length} files, ${(bytes / 2 ** 20).toFixed(1)} MB) to ${target}/`);
