/**
 * What one pool worker offers: run a function, sent as source text, on arguments that
 * arrived by structured clone. Sending source is the browser's analogue of pickling a
 * function by reference: the function must not rely on variables from the page, because
 * it runs in a separate heap.
 */
import { transfer as markTransfer } from 'comlink';

export interface JobResult {
  result: unknown;
  /** Absolute times (performance.timeOrigin + now) so another context can place them. */
  start: number;
  end: number;
}

export interface PoolWorkerApi {
  ready(): number;
  run(source: string, ...args: unknown[]): Promise<JobResult>;
}

export const absoluteNow = (): number => performance.timeOrigin + performance.now();

export function createPoolWorkerApi(now: () => number = absoluteNow): PoolWorkerApi {
  const compiled = new Map<string, (...args: unknown[]) => unknown>();
  let pendingTransfers: Transferable[] = [];
  // Jobs may call `transfer(value, [buffer])` to move a result instead of copying it.
  Object.assign(globalThis, {
    // Functions written in a main-thread snippet carry its loop guard calls; here a worker
    // may loop as long as it likes (Stop terminates it), so the guard does nothing.
    __pcmGuard: () => {},
    transfer: <T>(value: T, list: Transferable[]): T => {
      pendingTransfers.push(...list);
      return value;
    },
  });

  return {
    ready: () => now(),
    async run(source, ...args) {
      let fn = compiled.get(source);
      if (!fn) {
        // Indirect eval: the function sees only the worker's globals, never this module.
        fn = (0, eval)(`(${source})`) as (...args: unknown[]) => unknown;
        if (typeof fn !== 'function') throw new TypeError('pool jobs must be functions');
        compiled.set(source, fn);
      }
      pendingTransfers = [];
      const start = now();
      const result = await fn(...args);
      const envelope: JobResult = { result, start, end: now() };
      return pendingTransfers.length > 0 ? markTransfer(envelope, pendingTransfers) : envelope;
    },
  };
}
