/**
 * `_pcm_js`: the JavaScript module through which the Python package (pcm/_scheduler,
 * _threads, _runtime) reaches its interpreter's worker. One definition serves the worker and
 * the tests that run the package under Node.
 */
import { CONTROL } from './constants';
import type { Gil } from './gil';
import type { StopSignal } from './stop-signal';

interface Bootstrap {
  callPromising(): Promise<unknown>;
  destroy(): void;
}

export interface PcmJsOptions {
  gil: Gil;
  /** The control array shared with the page and the switch ticker (constants.json). */
  control: Int32Array;
  stop: StopSignal;
  /** Where a thread's unexpected failure (outside Python's own reporting) is written. */
  reportError(text: string): void;
  /** The interpreter itself failed in a thread (a Pyodide fatal error): the run cannot go on. */
  crashed?(error: unknown): void;
}

/** Whether an error is Pyodide's own fatal error, after which the interpreter is unusable. */
export function isFatal(error: unknown): boolean {
  return Boolean((error as { pyodide_fatal_error?: boolean } | null)?.pyodide_fatal_error);
}

/**
 * A promise Python waits for, handed over inside an object: a promise returned from a call
 * would reach Python converted to an asyncio future, and waiting for one of those costs a
 * turn of asyncio's machinery, while the promise itself can be waited for directly (see
 * pcm/_scheduler.py `wait`), which makes a GIL hand-over take microseconds.
 */
interface Held<T> {
  promise: Promise<T>;
}

const hold = <T>(promise: Promise<T>): Held<T> => ({ promise });

export function pcmJsModule({ gil, control, stop, reportError, crashed }: PcmJsOptions): object {
  return {
    gil,
    /** The scheduler's waits, each held for a direct wait (see Held). */
    waits: {
      start: (ident: number) => hold(gil.start(ident)),
      block: (ident: number, lane: string, what: string, timeoutMs: number | null) =>
        hold(gil.block(ident, lane, what, timeoutMs)),
      acquire: (ident: number) => hold(gil.acquire(ident)),
      yieldTurn: (ident: number) => {
        const turn = gil.yieldTurn(ident);
        return turn === undefined ? undefined : hold(turn);
      },
    },
    /** Takes a pending KeyboardInterrupt for the main thread (true once). */
    take_interrupt: () => stop.take(),
    stop_requested: () => stop.requested(),
    /** Hands an interrupt noticed on another stack to the main thread. */
    interrupt_main: () => stop.forward(),
    /** A green thread starts on its own suspendable stack, after the current one yields. */
    spawn(bootstrap: Bootstrap) {
      setTimeout(() => {
        bootstrap
          .callPromising()
          .catch((error: unknown) => {
            reportError(`${String(error)}\n`);
            if (isFatal(error)) crashed?.(error);
          })
          .finally(() => bootstrap.destroy());
      }, 0);
    },
    /**
     * A thread waits for `promise` (a process's answer) with the GIL released, as in a
     * blocking call: `granted` holds a promise (see Held) that resolves when it holds the GIL again, as soon as
     * the promise settles (then `value` holds what it settled to) or after `ms` at most.
     */
    release_while(ident: number, lane: string, what: string, promise: Promise<unknown>, ms: number) {
      const box: { granted?: Held<unknown>; value?: unknown; settled: boolean } = { settled: false };
      box.granted = hold(gil.block(ident, lane, what, ms));
      void promise.then((value) => {
        box.value = value;
        box.settled = true;
        gil.wake(ident, 'done');
      });
      return box;
    },
    /** sys.setswitchinterval (in s) tells the switch ticker (switch-ticker.ts) its new period. */
    set_switch_interval(seconds: number) {
      Atomics.store(control, CONTROL.switchIntervalUs, Math.max(1, Math.round(seconds * 1e6)));
      Atomics.notify(control, CONTROL.switchIntervalUs);
    },
    /** time.sleep without threads: this worker waits without using the CPU; Stop wakes it. */
    block_sleep(seconds: number) {
      const end = performance.now() + seconds * 1000;
      for (let left = end - performance.now(); left > 0 && !stop.requested(); left = end - performance.now()) {
        Atomics.wait(control, CONTROL.stop, 0, left);
      }
    },
  };
}
