/**
 * What every interpreter of the page starts from (see boot.ts), fetched once per page:
 *
 * - Pyodide's files, downloaded by the page itself so that it can show how many of their
 *   bytes have arrived (the workers' own requests then find them in the HTTP cache). The
 *   standard library is handed to every interpreter as a blob URL, so child processes read
 *   it from memory.
 * - The WebAssembly module, compiled once per page, from bytes changed so that Chromium keeps
 *   its optimised code for CPython's evaluation loop and its other long functions (steady-loop.ts).
 * - The memory image, kept in the browser's Cache Storage so that a later visit restores
 *   instead of booting. A browser that has none yet downloads the one the site's build made
 *   (scripts/make-image.mjs), gzipped, so a first visit restores too. Its name (boot.ts,
 *   `imageFile`, which the build works out) and the Pyodide version in the URL say what it
 *   holds, so a changed image is never confused with an old one.
 */
import type { BootAssets } from './boot';
import { steadyLoop } from './steady-loop';

declare const __PYODIDE_FILES__: Record<string, number>;
/**
 * The image's file name (boot.ts, `imageFile`), the size of the build's gzipped image and its
 * size unzipped, or zeros if the build made none.
 */
declare const __PYODIDE_IMAGE__: { file: string; bytes: number; unzippedBytes: number };

const IMAGE_CACHE = 'pcm-python-image';

/** Where the image named `file` (by default the one this page's build names) is kept. */
export function imageKey(indexURL: string, file = __PYODIDE_IMAGE__.file): string {
  return `${indexURL}${file}`;
}

/** Bytes of Pyodide's files that have arrived, and their total. */
export interface Downloaded {
  loaded: number;
  total: number;
}

export interface PageAssets {
  indexURL: string;
  /** Every file downloaded and the module compiled: what a worker needs to boot. */
  ready: Promise<Omit<BootAssets, 'image'>>;
  /** Calls `listener` as bytes arrive, once the total is known; returns the unsubscriber. */
  onDownload(listener: (downloaded: Downloaded) => void): () => void;
  /** The image, once known: kept from an earlier visit, the build's, or the one an interpreter made here. */
  image(): Promise<Uint8Array | null>;
  /**
   * Keeps a newly made image for this page and for later visits, under the name of what it
   * holds (`file`, by default what this page's build names).
   */
  keep(image: Uint8Array, file?: string): void;
  /** The image restored: the build's, if that is what it was, is kept for later visits. */
  restored(): void;
}

/** A downloaded file's bytes, and whether the host sent them compressed (the browser unzipped them). */
interface Download {
  bytes: Uint8Array<ArrayBuffer>;
  unzipped: boolean;
}

/**
 * Fetches a file, reporting each chunk's size; null on a failure (the worker then fetches the
 * file itself). `perByte` scales what is reported per byte received.
 */
async function download(
  url: string,
  onBytes: (count: number) => void,
  perByte: (unzipped: boolean) => number = () => 1,
): Promise<Download | null> {
  try {
    const response = await fetch(url);
    if (!response.ok || !response.body) return null;
    const unzipped = (response.headers.get('Content-Encoding') ?? 'identity') !== 'identity';
    const scale = perByte(unzipped);
    const chunks: Array<Uint8Array<ArrayBuffer>> = [];
    const reader = response.body.getReader();
    for (let part = await reader.read(); !part.done; part = await reader.read()) {
      chunks.push(part.value as Uint8Array<ArrayBuffer>);
      onBytes(part.value.length * scale);
    }
    return { bytes: new Uint8Array(await new Blob(chunks).arrayBuffer()), unzipped };
  } catch {
    return null;
  }
}

/**
 * Compiles CPython's module with its evaluation loop and other long functions kept optimised
 * (steady-loop.ts). Should
 * the bytes be ones that change cannot read, it compiles them as they are and says so in the
 * console: programs then run correctly, but a first run's timings may stray. Null if the
 * bytes do not compile (the worker then compiles the module itself).
 */
async function compileSteady(wasm: Uint8Array<ArrayBuffer>): Promise<WebAssembly.Module | null> {
  let bytes: Uint8Array<ArrayBuffer> = wasm;
  try {
    bytes = steadyLoop(wasm);
  } catch (error) {
    console.warn(`CPython's evaluation loop may be recompiled while programs run: ${String(error)}`);
  }
  return WebAssembly.compile(bytes).catch(() => (bytes === wasm ? null : WebAssembly.compile(wasm).catch(() => null)));
}

/** The image this browser kept on an earlier visit, if any. */
async function keptImage(indexURL: string): Promise<Uint8Array | null> {
  try {
    const hit = await (await caches.open(IMAGE_CACHE)).match(imageKey(indexURL));
    return hit ? new Uint8Array(await hit.arrayBuffer()) : null;
  } catch {
    return null;
  }
}

/** The image the site's build made, downloaded and unzipped, or null (the worker then makes one). */
async function builtImage(indexURL: string, onBytes: (count: number) => void): Promise<Uint8Array | null> {
  const { bytes, unzippedBytes } = __PYODIDE_IMAGE__;
  // Whole bytes are reported, so that the bar's sum lands exactly on its total.
  let counted = 0;
  let reported = 0;
  const count = (part: number): void => {
    counted += part;
    onBytes(Math.round(counted) - reported);
    reported = Math.round(counted);
  };
  // A host that sends the file with Content-Encoding: gzip has the browser unzip it on the way,
  // and the progress bar, which counts the gzipped size, then counts each byte in proportion.
  const file = await download(`${imageKey(indexURL)}.gz`, count, (unzipped) => (unzipped ? bytes / unzippedBytes : 1));
  // Those proportions need not add up to the exact size: the bar must still reach its end.
  if (file && reported < bytes) onBytes(bytes - reported);
  if (file?.unzipped) return file.bytes.length === unzippedBytes ? file.bytes : null;
  // Anything but a gzip file (say, a host's "not found" page sent as 200) is not the image.
  if (!file || file.bytes[0] !== 0x1f || file.bytes[1] !== 0x8b) return null;
  try {
    const unzipped = new Blob([file.bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(unzipped).arrayBuffer());
  } catch {
    return null;
  }
}

let assets: PageAssets | undefined;

export function pageAssets(indexURL: string): PageAssets {
  if (assets?.indexURL === indexURL) return assets;
  const downloaded: Downloaded = {
    loaded: 0,
    total: Object.values(__PYODIDE_FILES__).reduce((sum, size) => sum + size, 0),
  };
  const listeners = new Set<(downloaded: Downloaded) => void>();
  // Until the page knows whether it must download the image too, it does not know the total,
  // and a bar drawn meanwhile would jump back when the total grows: bytes are counted quietly.
  let totalKnown = false;
  const tell = (): void => {
    if (totalKnown) for (const listener of listeners) listener(downloaded);
  };
  const count = (bytes: number): void => {
    downloaded.loaded = Math.min(downloaded.total, downloaded.loaded + bytes);
    tell();
  };
  const files = Object.fromEntries(
    Object.keys(__PYODIDE_FILES__).map((file) => [file, download(`${indexURL}${file}`, count)]),
  );
  const blobUrl = async (file: string, type: string): Promise<string | undefined> => {
    const bytes = (await files[file])?.bytes;
    return bytes ? URL.createObjectURL(new Blob([bytes], { type })) : undefined;
  };
  const ready = (async () => {
    // The lock file stays a URL of its own: Pyodide derives where packages live from it.
    const [wasm, stdLibURL] = await Promise.all([
      files['pyodide.asm.wasm']?.then((file) => file?.bytes),
      blobUrl('python_stdlib.zip', 'application/zip'),
    ]);
    // From the bytes, not compileStreaming. With compileStreaming the browser keeps the compiled
    // code in its code cache; a later visit's interpreters started from that cached code were once
    // measured running their children two to six times slower than a first visit's, and a later
    // visit measured no faster to its first output.
    const module = wasm ? await compileSteady(wasm) : null;
    return {
      indexURL,
      module,
      imageFile: __PYODIDE_IMAGE__.file,
      ...(stdLibURL ? { stdLibURL } : {}),
    };
  })();
  /** The build's image, downloaded and not yet kept. */
  let unkept: Uint8Array | null = null;
  let image: Promise<Uint8Array | null> = (async () => {
    const kept = await keptImage(indexURL);
    const { bytes } = __PYODIDE_IMAGE__;
    // The build's image, if it must be downloaded, joins the bytes the progress bar counts.
    if (!kept) downloaded.total += bytes;
    totalKnown = true;
    tell();
    if (kept || !bytes) return kept;
    let counted = 0;
    unkept = await builtImage(indexURL, (part) => {
      counted += part;
      count(part);
    });
    if (!unkept) {
      // Without it the interpreter boots in full: the bar counts only the files still to come.
      downloaded.total -= bytes;
      downloaded.loaded = Math.max(0, Math.min(downloaded.loaded - counted, downloaded.total));
      tell();
    }
    return unkept;
  })();
  assets = {
    indexURL,
    ready,
    onDownload(listener) {
      listeners.add(listener);
      if (totalKnown) listener(downloaded);
      return () => listeners.delete(listener);
    },
    image: () => image,
    restored() {
      if (unkept) this.keep(unkept);
    },
    keep(made, file) {
      unkept = null;
      image = Promise.resolve(made);
      void (async () => {
        try {
          const cache = await caches.open(IMAGE_CACHE);
          // Images of other versions or contents are useless now: drop them.
          for (const request of await cache.keys()) {
            if (request.url !== imageKey(indexURL, file)) await cache.delete(request);
          }
          await cache.put(imageKey(indexURL, file), new Response(made.slice()));
        } catch {
          // Without Cache Storage the image lasts as long as the page.
        }
      })();
    },
  };
  return assets;
}
