/**
 * Registers the isolation service worker (public/coi-sw.js) when the host did not send
 * the COOP/COEP headers, then reloads once so the page comes back isolated. On hosts
 * that do send the headers this does nothing. The sessionStorage flag stops a reload
 * loop in browsers where the worker cannot help (private modes, disabled workers).
 */
const RELOAD_FLAG = 'pcm-coi-reloaded';

export function ensureCrossOriginIsolation(swUrl: string): void {
  if (globalThis.crossOriginIsolated || !globalThis.isSecureContext) return;
  if (!('serviceWorker' in navigator)) return;
  if (sessionStorage.getItem(RELOAD_FLAG)) return;
  navigator.serviceWorker
    .register(swUrl)
    .then(async () => {
      await navigator.serviceWorker.ready;
      sessionStorage.setItem(RELOAD_FLAG, '1');
      location.reload();
    })
    .catch((error: unknown) => {
      console.warn('Could not register the cross-origin isolation worker:', error);
    });
}
