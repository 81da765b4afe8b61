/**
 * The site's Python package (`pcm/`, see its `__init__.py`) and the constants it shares with
 * this TypeScript, as files to write into an interpreter. The file list is whatever the
 * folder holds, so adding a module needs no change here.
 */
import constants from './constants.json?raw';

const modules = import.meta.glob<string>('./pcm/*.py', { query: '?raw', import: 'default', eager: true });

/** Where the package lives in every interpreter; that folder is on `sys.path`. */
export const SITE_PACKAGES = '/home/pyodide';

/** File name (inside `pcm/`) to contents. */
export const PACKAGE_FILES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(modules).map(([path, text]) => [path.slice('./pcm/'.length), text])),
  'constants.json': constants,
};

interface FileSystem {
  mkdirTree(path: string): void;
  writeFile(path: string, data: string): void;
}

interface Interpreter {
  FS: FileSystem;
  runPython(code: string): unknown;
}

/** Writes the package into the interpreter and puts it on `sys.path` (it is not imported yet). */
export function writePackage(py: Interpreter): void {
  py.FS.mkdirTree(`${SITE_PACKAGES}/pcm`);
  for (const [name, text] of Object.entries(PACKAGE_FILES)) py.FS.writeFile(`${SITE_PACKAGES}/pcm/${name}`, text);
  py.runPython(
    `import sys\nif ${JSON.stringify(SITE_PACKAGES)} not in sys.path: sys.path.insert(0, ${JSON.stringify(SITE_PACKAGES)})`,
  );
}
