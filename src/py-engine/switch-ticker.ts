/// <reference lib="webworker" />
/**
 * The GIL's drop-request timer. It lives in its own worker because it must keep ticking
 * while the interpreter's worker is busy running Python, and because Atomics.wait gives it
 * sub-millisecond intervals that page timers cannot (they are clamped to 4 ms). Every
 * switch interval it raises the switch signal in the interpreter, which the running green
 * thread honours at its next eval-breaker check if another thread waits for the GIL.
 *
 * control[0]: 1 while a Python run is in progress, 0 otherwise.
 * control[1]: the switch interval in microseconds (sys.setswitchinterval writes it).
 */
export const SWITCH_SIGNAL = 10;

self.onmessage = (event: MessageEvent<{ interrupt: SharedArrayBuffer; control: SharedArrayBuffer }>) => {
  const interrupt = new Int32Array(event.data.interrupt);
  const control = new Int32Array(event.data.control);
  for (;;) {
    // Sleep without ticking between runs.
    while (Atomics.load(control, 0) === 0) Atomics.wait(control, 0, 0);
    const micros = Math.max(50, Atomics.load(control, 1));
    Atomics.wait(control, 1, micros, micros / 1000);
    // Only an empty buffer is written, so Stop's SIGINT is never overwritten.
    if (Atomics.load(control, 0) === 1) Atomics.compareExchange(interrupt, 0, 0, SWITCH_SIGNAL);
  }
};
