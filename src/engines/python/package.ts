/**
 * The site's Python package (`pcm/`, see its `__init__.py`) and the constants it shares with
 * this TypeScript, as files to write into an interpreter (boot.ts, `writePackage`). The file
 * list is whatever the folder holds, so adding a module needs no change here;
 * scripts/python-package.mjs reads the same files for the build.
 */
import constants from './constants.json?raw';
import type { PackageFiles } from './boot';

const modules = import.meta.glob<string>('./pcm/*.py', { query: '?raw', import: 'default', eager: true });

/** File name (inside `pcm/`) to contents. */
export const PACKAGE_FILES: PackageFiles = {
  ...Object.fromEntries(Object.entries(modules).map(([path, text]) => [path.slice('./pcm/'.length), text])),
  'constants.json': constants,
};
