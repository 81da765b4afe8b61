/**
 * Stop, as Ctrl-C is in CPython: a KeyboardInterrupt for the main thread, wherever it is.
 *
 * The page raises SIGINT in the interpreter's interrupt buffer, which CPython notices while
 * it runs Python, and sets the control array's stop word, which this worker notices while
 * no Python runs (every thread waiting, the main thread in a join, a queue or a process's
 * answer): then `onStop` wakes whatever the main thread waits in, and the main thread
 * takes the interrupt (`take`) and raises KeyboardInterrupt there, in the reader's code.
 * CPython runs signal handlers only in the main thread; when the signal is noticed on
 * another thread's stack, the handler forwards it here (`forward`) instead.
 */
import { CONTROL, SIGINT } from './constants';

export interface StopSignal {
  /** Whether Stop was pressed during this run. */
  requested(): boolean;
  /** Takes a pending interrupt for the main thread (from the buffer or forwarded): true once. */
  take(): boolean;
  /** A signal noticed on another stack is meant for the main thread: wake it. */
  forward(): void;
  /** A new run: nothing pending. */
  reset(): void;
}

/**
 * `wake` ends whatever the main thread waits in (a green-thread wait, a process's answer);
 * `onStop` runs when Stop arrives while no Python runs, after `wake`.
 */
export function stopSignal(
  control: Int32Array,
  interrupt: Int32Array,
  wake: () => void,
  onStop: () => void = () => {},
): StopSignal {
  let forwarded = false;
  const waitAsync = (
    Atomics as unknown as {
      waitAsync?: (array: Int32Array, index: number, value: number) => { async: boolean; value: unknown };
    }
  ).waitAsync;
  // Waits for the stop word to become 1, calls onStop, then waits for the next run to lower it.
  const watch = async (): Promise<void> => {
    for (;;) {
      const value = Atomics.load(control, CONTROL.stop);
      if (value === 1) {
        wake();
        onStop();
      }
      const waited = waitAsync?.(control, CONTROL.stop, value);
      if (waited?.async) await (waited.value as Promise<string>);
      else if (!waited) await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  void watch();
  return {
    requested: () => Atomics.load(control, CONTROL.stop) === 1,
    take() {
      const hit = Atomics.compareExchange(interrupt, 0, SIGINT, 0) === SIGINT || forwarded;
      forwarded = false;
      return hit;
    },
    forward() {
      forwarded = true;
      wake();
    },
    reset() {
      forwarded = false;
    },
  };
}
