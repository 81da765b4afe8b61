/**
 * The committed file of native recordings (`src/site/data/native-recordings.json`), written
 * by `npm run record-native` (scripts/record-native.mjs): for every runnable Python snippet in
 * content/, what native CPython printed and measured when it ran the snippet's exact source.
 * The build reads it to put each snippet's figures into the page (see remark-runnable.ts).
 */
import type { NativeFigures } from '../../ui/native';
import { printedTimings, type PrintedNumber } from '../../ui/printed-numbers';

/** The Python and machine a snippet was recorded with. */
export interface RecordingEnvironment {
  implementation: string;
  /** e.g. `3.11.7`. */
  python: string;
  /** `os.cpu_count()`. */
  cores: number;
  /** `platform.machine()`, e.g. `x86_64`. */
  machine: string;
  /** The CPU model from /proc/cpuinfo, or `platform.processor()`. */
  processor: string;
  system: string;
  /** multiprocessing's default start method there. */
  start_method: string;
  /** `YYYY-MM-DD`. */
  date: string;
}

/** One run of a program (all times in ms). */
export interface RecordedRun {
  wall_ms: number;
  cpu_ms: number;
  exit_code: number | null;
}

export interface NativeRecord {
  /** Where the snippet is, for people reading the file: `content/gil.mdx`, its fence's line, title. */
  page: string;
  line: number;
  title?: string;
  experiment?: string;
  /** See NativeFigures: `ok` (timed), `error` (meant to fail; not timed) or `unsupported`. */
  status: NativeFigures['status'];
  /** For `error` and `unsupported`: what happened, as a phrase (`ended with ZeroDivisionError: …`). */
  reason?: string;
  /** Every timed run, in the order they ran; empty for untimed snippets. */
  runs: RecordedRun[];
  /** The median run by wall time (ms), and its CPU time and CPU/wall. */
  wall_ms?: number;
  cpu_ms?: number;
  parallelism?: number;
  /** The numbers printed in that run, each labelled with the words before it. */
  printed?: PrintedNumber[];
  /** What that run printed (cut to a few thousand characters). */
  stdout: string;
  stderr: string;
  env: RecordingEnvironment;
}

export interface NativeRecordings {
  /** A sentence for whoever opens the file. */
  about: string;
  /** Runs per timed snippet. */
  runs: number;
  /** Keyed by sourceHash() of the snippet's source. */
  snippets: Record<string, NativeRecord>;
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

/** The part of a record a page carries (as `data-native`): no output, rounded figures. */
export function figuresOf(record: NativeRecord): NativeFigures {
  const { env } = record;
  const figures: NativeFigures = {
    status: record.status,
    python: env.python,
    cores: env.cores,
    machine: [env.machine, env.processor].filter(Boolean).join(', '),
    date: env.date,
    start_method: env.start_method,
  };
  if (record.status === 'ok') {
    figures.wall_ms = round(record.wall_ms ?? 0, 1);
    figures.cpu_ms = round(record.cpu_ms ?? 0, 1);
    figures.parallelism = round(record.parallelism ?? 0, 2);
    // Read from the recorded output with the parser the page uses on the reader's output, so
    // both sides are labelled alike even if the parser changed since the recording. Pairs are
    // made by label, so the page needs no line numbers.
    const timings = printedTimings(record.stdout);
    if (timings.length > 0) figures.timings = timings.map(({ label, ms }) => ({ label, ms: round(ms, 3) }));
  }
  if (record.reason) figures.reason = record.reason;
  return figures;
}
