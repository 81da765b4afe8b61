/**
 * What every interpreter of the page starts from (see boot.ts), fetched once per page:
 *
 * - Pyodide's files, downloaded by the page itself so that it can show how many of their
 *   bytes have arrived (the workers' own requests then find them in the HTTP cache). The
 *   standard library is handed to every interpreter as a blob URL, so child processes read
 *   it from memory.
 * - The WebAssembly module, compiled once per page.
 * - The memory image, kept in the browser's Cache Storage so that a later visit restores
 *   instead of booting. Its key names the Pyodide version (in the URL) and what the image
 *   holds, so a changed image is never confused with an old one.
 */
import { PRELOADED, type BootAssets } from './boot';

declare const __PYODIDE_FILES__: Record<string, number>;

const IMAGE_CACHE = 'pcm-python-image';
/** Bump when the image is made differently (not when PRELOADED changes: that is in the key). */
const IMAGE_FORMAT = 1;

/** A short, stable hash (FNV-1a) of what the image holds. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16);
}

export function imageKey(indexURL: string): string {
  return `${indexURL}pcm-image-v${IMAGE_FORMAT}-${fingerprint(PRELOADED)}.bin`;
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
  /** Calls `listener` as bytes arrive (at once with the current count); returns the unsubscriber. */
  onDownload(listener: (downloaded: Downloaded) => void): () => void;
  /** The image, once known: from Cache Storage, or from the first interpreter that made it. */
  image(): Promise<Uint8Array | null>;
  /** Keeps a newly made image for this page and for later visits. */
  keep(image: Uint8Array): void;
}

/** Fetches a file, reporting each chunk's size; a failure leaves the worker to fetch it. */
async function download(url: string, onBytes: (count: number) => void): Promise<Uint8Array<ArrayBuffer> | null> {
  try {
    const response = await fetch(url);
    if (!response.ok || !response.body) return null;
    const chunks: Array<Uint8Array<ArrayBuffer>> = [];
    const reader = response.body.getReader();
    for (let part = await reader.read(); !part.done; part = await reader.read()) {
      chunks.push(part.value as Uint8Array<ArrayBuffer>);
      onBytes(part.value.length);
    }
    return new Uint8Array(await new Blob(chunks).arrayBuffer());
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
  const count = (bytes: number): void => {
    downloaded.loaded = Math.min(downloaded.total, downloaded.loaded + bytes);
    for (const listener of listeners) listener(downloaded);
  };
  const files = Object.fromEntries(
    Object.keys(__PYODIDE_FILES__).map((file) => [file, download(`${indexURL}${file}`, count)]),
  );
  const blobUrl = async (file: string, type: string): Promise<string | undefined> => {
    const bytes = await files[file];
    return bytes ? URL.createObjectURL(new Blob([bytes], { type })) : undefined;
  };
  const ready = (async () => {
    // The lock file stays a URL of its own: Pyodide derives where packages live from it.
    const [wasm, stdLibURL] = await Promise.all([
      files['pyodide.asm.wasm'],
      blobUrl('python_stdlib.zip', 'application/zip'),
    ]);
    // Not compileStreaming: the browser would then keep the compiled code in its code cache,
    // and a later visit's interpreters, started from that cached code, were measured running
    // their children two to six times slower than a first visit's.
    const module = wasm ? await WebAssembly.compile(wasm).catch(() => null) : null;
    return {
      indexURL,
      module,
      ...(stdLibURL ? { stdLibURL } : {}),
    };
  })();
  let image: Promise<Uint8Array | null> = (async () => {
    try {
      const hit = await (await caches.open(IMAGE_CACHE)).match(imageKey(indexURL));
      return hit ? new Uint8Array(await hit.arrayBuffer()) : null;
    } catch {
      return null;
    }
  })();
  assets = {
    indexURL,
    ready,
    onDownload(listener) {
      listeners.add(listener);
      listener(downloaded);
      return () => listeners.delete(listener);
    },
    image: () => image,
    keep(made) {
      image = Promise.resolve(made);
      void (async () => {
        try {
          const cache = await caches.open(IMAGE_CACHE);
          // Images of other versions or contents are useless now: drop them.
          for (const request of await cache.keys()) {
            if (request.url !== imageKey(indexURL)) await cache.delete(request);
          }
          await cache.put(imageKey(indexURL), new Response(made.slice()));
        } catch {
          // Without Cache Storage the image lasts as long as the page.
        }
      })();
    },
  };
  return assets;
}
