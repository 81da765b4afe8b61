/// <reference lib="webworker" />
/**
 * The GIL's drop-request timer. It lives in its own worker because it must keep ticking
 * while the interpreter's worker is busy running Python, and because Atomics.wait gives it
 * sub-millisecond intervals that page timers cannot (they are clamped to 4 ms). Every
 * switch interval it raises the switch signal in the interpreter, which the running green
 * thread honours at its next eval-breaker check if another thread waits for the GIL.
 *
 * It reads two words of the control array (constants.json): whether a run is in progress,
 * and the switch interval in microseconds (sys.setswitchinterval writes it).
 */
import { CONTROL, SWITCH_SIGNAL } from './constants';

self.onmessage = (event: MessageEvent<{ interrupt: SharedArrayBuffer; control: SharedArrayBuffer }>) => {
  const interrupt = new Int32Array(event.data.interrupt);
  const control = new Int32Array(event.data.control);
  for (;;) {
    // Sleep without ticking between runs.
    while (Atomics.load(control, CONTROL.running) === 0) Atomics.wait(control, CONTROL.running, 0);
    const micros = Math.max(50, Atomics.load(control, CONTROL.switchIntervalUs));
    Atomics.wait(control, CONTROL.switchIntervalUs, micros, micros / 1000);
    // Only an empty buffer is written, so Stop's SIGINT is never overwritten.
    if (Atomics.load(control, CONTROL.running) === 1) Atomics.compareExchange(interrupt, 0, 0, SWITCH_SIGNAL);
  }
};
