/**
 * The GIL scheduler's clock in a real worker (and in the Node tests): the page's
 * high-resolution clock, timers, and tasks posted through a MessageChannel, which run after
 * the tasks already waiting without the minimum delay nested timers get.
 */
import type { GilClock } from './gil';

export function workerClock(): GilClock {
  const channel = new MessageChannel();
  const queued: Array<() => void> = [];
  channel.port1.onmessage = () => queued.shift()?.();
  // Under Node (the tests) an open port would keep the process alive.
  (channel.port1 as { unref?: () => void }).unref?.();
  return {
    now: () => performance.now(),
    setTimer: (callback, ms) => setTimeout(callback, ms),
    clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    soon(callback) {
      queued.push(callback);
      channel.port2.postMessage(0);
    },
  };
}
