/**
 * The constants shared with the Python package, from the one file that defines them
 * (constants.json; the package reads it as pcm/_constants.py).
 */
import values from './constants.json';

/** The words of the control array shared by the page, the interpreter's worker and the switch ticker. */
export const CONTROL = values.control;
/** Int32 words in the control array. */
export const CONTROL_WORDS = values.control.words;
/** Stop raises this signal in the interpreter (SIGINT, as Ctrl-C does). */
export const SIGINT = values.signals.interrupt;
/** The switch ticker raises this signal every switch interval (a GIL drop request). */
export const SWITCH_SIGNAL = values.signals.switch;
/** CPython's default `sys.getswitchinterval()`, in µs. */
export const DEFAULT_SWITCH_INTERVAL_US = Math.round(values.defaultSwitchIntervalS * 1e6);
/** The longest single slice of a wait, in ms (Stop ends any wait at once anyway). */
export const WAIT_SLICE_MS = values.waitSliceMs;
/** Child interpreters booted, before a program that uses processes starts, for its first processes. */
export const WARM_INTERPRETERS = values.warmInterpreters;
