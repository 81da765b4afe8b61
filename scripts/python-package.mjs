// The site's Python package as the build sees it: the same files, under the same names, that
// src/engines/python/package.ts gives the page (every pcm/*.py, and constants.json).
import { readdirSync, readFileSync } from 'node:fs';

const folder = new URL('../src/engines/python/', import.meta.url);

/** File name (inside `pcm/`) to contents. */
/** @returns {Record<string, string>} */
export function readPackageFiles() {
  /** @type {Record<string, string>} */
  const files = {};
  for (const name of readdirSync(new URL('pcm/', folder)).sort()) {
    if (name.endsWith('.py')) files[name] = readFileSync(new URL(`pcm/${name}`, folder), 'utf8');
  }
  files['constants.json'] = readFileSync(new URL('constants.json', folder), 'utf8');
  return files;
}
