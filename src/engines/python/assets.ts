/**
 * What every interpreter of the page starts from (see boot.ts): the WebAssembly module,
 * compiled once per page, and the memory image, kept in the browser's Cache Storage so that
 * a later visit restores instead of booting. The image's key names the Pyodide version
 * (in the URL) and what the image holds, so a changed image is never confused with an old one.
 */
import { PRELOADED } from './boot';

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

export interface PageAssets {
  indexURL: string;
  module: Promise<WebAssembly.Module | null>;
  /** The image, once known: from Cache Storage, or from the first interpreter that made it. */
  image(): Promise<Uint8Array | null>;
  /** Keeps a newly made image for this page and for later visits. */
  keep(image: Uint8Array): void;
}

let assets: PageAssets | undefined;

export function pageAssets(indexURL: string): PageAssets {
  if (assets?.indexURL === indexURL) return assets;
  // Compiled in the background; a failure (an old browser) leaves each worker to compile.
  // Not compileStreaming: the browser would then keep the compiled code in its code cache,
  // and a later visit's interpreters, started from that cached code, were measured running
  // their children two to six times slower than a first visit's.
  const module = fetch(`${indexURL}pyodide.asm.wasm`)
    .then((response) => response.arrayBuffer())
    .then((bytes) => WebAssembly.compile(bytes))
    .catch(() => null);
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
    module,
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
