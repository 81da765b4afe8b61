// The files of Pyodide the site serves from /pyodide/<version>/ (scripts/copy-pyodide.mjs
// copies them; astro.config.mjs tells the page their sizes, for the download progress).
export const PYODIDE_FILES = [
  'pyodide.mjs',
  'pyodide.asm.mjs',
  'pyodide.asm.wasm',
  'python_stdlib.zip',
  'pyodide-lock.json',
];
