/**
 * Starting CPython (Pyodide) in a worker, the same way for the page's interpreter and for
 * every child process:
 *
 * - The interpreter's WebAssembly is compiled once per page and the compiled module is
 *   handed to every worker, which only instantiates it. Code the engine optimises while
 *   one interpreter runs is then fast in all of them.
 * - A memory image of an interpreter that has booted and imported the standard modules
 *   every program needs is restored instead of booting CPython again (a fraction of the
 *   time). The first interpreter of a browser that has no image yet boots in full, makes
 *   the image, and then restores from it like everyone else, so every run on every visit
 *   starts from the same state.
 * - The site's build makes that image too (scripts/make-image.mjs, with Pyodide under Node, in
 *   the same way), so that even a browser's first visit restores instead of booting.
 */

/**
 * Standard modules every program needs, imported before the image is taken: among them those
 * the package patches as it is installed (pcm/_contexts.py), in every interpreter.
 */
export const PRELOADED =
  'import asyncio, atexit, gc, pickle, json, ctypes, linecache, traceback, queue, types, itertools, signal\n' +
  'import threading, _threading_local, concurrent.futures, concurrent.futures.process\n' +
  'import multiprocessing, multiprocessing.pool, multiprocessing.queues, multiprocessing.connection\n' +
  'import multiprocessing.sharedctypes';

/** Bump when the image is made differently (not when PRELOADED or the package changes: they are in its name). */
const IMAGE_FORMAT = 2;

/** Where the site's package lives in every interpreter; that folder is on `sys.path`. */
export const SITE_PACKAGES = '/home/pyodide';

/** The site's package (`pcm/`, see its `__init__.py`) as file name (inside `pcm/`) to contents. */
export type PackageFiles = Readonly<Record<string, string>>;

/** A short, stable hash (FNV-1a) of what the image holds. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16);
}

/**
 * The image's file name beside Pyodide's files (the version is in their folder's name): it
 * names what the image holds (the preloaded modules and the package, `files`), so a changed
 * image is never confused with an old one. The build serves it gzipped, under this name plus `.gz`.
 */
export function imageFile(files: PackageFiles): string {
  const names = Object.keys(files).sort();
  const held = [PRELOADED, ...names.map((name) => `${name}\n${files[name]}`)].join('\0');
  return `pcm-image-v${IMAGE_FORMAT}-${fingerprint(held)}.bin`;
}

interface FileSystem {
  mkdirTree(path: string): void;
  writeFile(path: string, data: string): void;
}

/** Writes the package into an interpreter and puts it on `sys.path` (it is not imported). */
export function writePackage(py: { FS: FileSystem; runPython(code: string): unknown }, files: PackageFiles): void {
  py.FS.mkdirTree(`${SITE_PACKAGES}/pcm`);
  for (const [name, text] of Object.entries(files)) py.FS.writeFile(`${SITE_PACKAGES}/pcm/${name}`, text);
  py.runPython(
    `import sys\nif ${JSON.stringify(SITE_PACKAGES)} not in sys.path: sys.path.insert(0, ${JSON.stringify(SITE_PACKAGES)})`,
  );
}

/**
 * Makes the image in an interpreter loaded with `_makeSnapshot`: imports the preloaded modules
 * and the package (`pcm.load`, which patches nothing), then takes the interpreter's memory.
 * The same steps wherever an image is made: the build, a browser without one, the tests.
 */
export function makeImage(maker: Booted, files: PackageFiles): Uint8Array {
  maker.runPython(PRELOADED);
  writePackage(maker, files);
  maker.runPython('import pcm\npcm.load()');
  return maker.makeMemorySnapshot();
}

export interface BootAssets {
  indexURL: string;
  /** The standard library, already downloaded (a blob URL), if it is. */
  stdLibURL?: string;
  /** The page's compiled `pyodide.asm.wasm`, or null to compile here. */
  module: WebAssembly.Module | null;
  /** A memory image to restore, or null to boot in full. */
  image: Uint8Array | null;
  /** The image's name (`imageFile`), which says what it holds. */
  imageFile?: string;
}

/** The part of Pyodide's API that booting needs; callers cast to their own view of it. */
export interface Booted {
  runPython(code: string): unknown;
  makeMemorySnapshot(): Uint8Array;
  FS: FileSystem;
}

interface Loader {
  loadPyodide(options: object): Promise<Booted>;
}

/**
 * CPython's check for a signal from the page (Stop's SIGINT) in one atomic step. Pyodide's own
 * check reads the interrupt buffer and then writes 0 to it: a SIGINT the page wrote between the
 * two was lost, and a program that computed on ignored Stop (seen once in an end-to-end run, whose
 * interpreter was then restarted after the grace period).
 */
export function atomicSignalCheck(interrupt: Int32Array): () => number {
  return () => Atomics.exchange(interrupt, 0, 0);
}

/**
 * Makes Pyodide instantiate the page's compiled module instead of compiling its own copy; with
 * `interrupt` (the buffer the interpreter will be given for signals), its signal check is atomic.
 */
function useCompiled(module: WebAssembly.Module, interrupt?: Int32Array): () => void {
  const original = WebAssembly.instantiateStreaming.bind(WebAssembly);
  const originalFetch = globalThis.fetch;
  // Pyodide requests pyodide.asm.wasm to compile it. Given a compiled module, nothing would read
  // that response, yet the browser would stream its 10 MB to every interpreter the page boots,
  // beside the work being measured; the one request is answered here, empty, instead.
  let fetched = false;
  globalThis.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (fetched || !url.endsWith('/pyodide.asm.wasm')) return originalFetch(input, init);
    fetched = true;
    return Promise.resolve(new Response(new Uint8Array(0), { headers: { 'Content-Type': 'application/wasm' } }));
  };
  // Only the first streaming instantiation is the interpreter itself; others pass through.
  let used = false;
  WebAssembly.instantiateStreaming = async (source, imports) => {
    if (used) return original(source, imports);
    used = true;
    const env = imports?.['env'] as Record<string, unknown> | undefined;
    if (interrupt && typeof env?.['_Py_CheckEmscriptenSignals_Helper'] === 'function') {
      env['_Py_CheckEmscriptenSignals_Helper'] = atomicSignalCheck(interrupt);
    }
    return { module, instance: await WebAssembly.instantiate(module, imports) };
  };
  return () => {
    WebAssembly.instantiateStreaming = original;
    globalThis.fetch = originalFetch;
  };
}

async function load(assets: BootAssets, options: object, interrupt?: Int32Array): Promise<Booted> {
  const restore = assets.module ? useCompiled(assets.module, interrupt) : () => {};
  try {
    const { loadPyodide } = (await import(/* @vite-ignore */ `${assets.indexURL}pyodide.mjs`)) as Loader;
    const stdLib = assets.stdLibURL ? { stdLibURL: assets.stdLibURL } : {};
    return await loadPyodide({ indexURL: assets.indexURL, ...stdLib, ...options });
  } finally {
    restore();
  }
}

/**
 * Boots an interpreter from the assets. Without an image (or if the image is refused, say a
 * stale one from another Pyodide build) it boots in full; given the package's files as
 * `makeImage`, it then makes the image and restores from it, returning the image for others.
 * `interrupt` is the buffer the caller will give the interpreter for signals (setInterruptBuffer).
 */
export async function bootInterpreter(
  assets: BootAssets,
  options: { makeImage?: PackageFiles; loadOptions?: object; interrupt?: Int32Array } = {},
): Promise<{ py: Booted; image: Uint8Array | null; restored: boolean }> {
  const loadOptions = options.loadOptions ?? {};
  const { interrupt } = options;
  if (assets.image && options.makeImage && assets.imageFile !== imageFile(options.makeImage)) {
    // Only while developing: the page's package changed since the image was named and made.
    console.warn("the image holds another version of the site's package: booting in full");
    assets = { ...assets, image: null };
  }
  if (assets.image) {
    try {
      const py = await load(assets, { ...loadOptions, _loadSnapshot: assets.image }, interrupt);
      return { py, image: assets.image, restored: true };
    } catch (error) {
      console.warn(`restoring the interpreter image failed, booting in full: ${String(error)}`);
    }
  }
  if (!options.makeImage) {
    const py = await load(assets, loadOptions, interrupt);
    py.runPython(PRELOADED);
    return { py, image: null, restored: false };
  }
  const maker = await load(assets, { ...loadOptions, _makeSnapshot: true });
  const image = makeImage(maker, options.makeImage);
  return { py: await load(assets, { ...loadOptions, _loadSnapshot: image }, interrupt), image, restored: false };
}
