/**
 * What native CPython measured for a snippet's exact source, recorded ahead of time by
 * `npm run record-native` and put into the page by the build as the snippet's `data-native`
 * attribute (JSON). The snippet and experiment elements show it beside the live figures and
 * compare the two; these functions only build the words, so they are tested without a page.
 */
import { pairTimings, printedTimings, type PrintedTiming, type TimingPair } from './printed-numbers';
import { formatMs } from './summary-view';

export interface NativeFigures {
  /**
   * `ok`: it ran and was timed; `error`: it fails natively too, as its page intends, and is
   * not timed; `unsupported`: it cannot run on native CPython (`reason` says why).
   */
  status: 'ok' | 'error' | 'unsupported';
  /** The CPython version, e.g. `3.11.7`. */
  python: string;
  /** `os.cpu_count()` of the recording machine. */
  cores: number;
  /** The machine, e.g. `x86_64, Intel(R) Xeon(R) Processor`. */
  machine: string;
  /** The day of the recording, `YYYY-MM-DD`. */
  date: string;
  /** Median wall time of the recorded runs (ms), from the program's start to its exit. */
  wall_ms?: number;
  /** CPU time of that run (ms): the process and every child process it waited for. */
  cpu_ms?: number;
  /** CPU time divided by wall time. */
  parallelism?: number;
  /** The durations the program printed in that run, in printed order. */
  timings?: PrintedTiming[];
  /**
   * For `error`: how it ended natively, as a phrase (`ended with ZeroDivisionError: …`);
   * for `unsupported`: why it cannot run there (`it imports the browser-only module js`).
   */
  reason?: string;
  /** The start method multiprocessing used natively by default (`fork`, `spawn`, `forkserver`). */
  start_method?: string;
}

/** The note shown in place of the recording once the reader has changed the code. */
export const EDITED_NOTE = 'Recorded figures hidden: the code was edited, so they no longer apply.';

/** Reads a `data-native` attribute; undefined when there is none or it is not a recording. */
export function parseNative(json: string | undefined): NativeFigures | undefined {
  if (!json) return undefined;
  try {
    const value = JSON.parse(json) as Partial<NativeFigures> | null;
    if (!value || typeof value.python !== 'string' || typeof value.status !== 'string') return undefined;
    return value as NativeFigures;
  } catch {
    return undefined;
  }
}

export function formatRatio(ratio: number): string {
  return `${ratio.toFixed(ratio >= 10 ? 0 : 2)}×`;
}

/** `CPython 3.11.7 natively on 2 cores (x86_64, Intel Xeon), 2026-11-30`: who measured, where, when. */
export function recordedWhere(figures: NativeFigures): string {
  const cores = `${figures.cores} ${figures.cores === 1 ? 'core' : 'cores'}`;
  return `CPython ${figures.python} natively on ${cores} (${figures.machine}), ${figures.date}`;
}

/** The recorded line: where it was measured and the figures, or why there are none. */
export function recordedLine(figures: NativeFigures): string {
  if (figures.status === 'unsupported') {
    return `Not recorded natively: ${figures.reason ?? 'this program cannot run on native CPython'}.`;
  }
  const where = `Recorded with ${recordedWhere(figures)}`;
  if (figures.status === 'error') {
    // Meant to fail, so not timed; the reason says how it ended natively.
    return `${where}: not timed, as it is meant to fail; natively it ${figures.reason ?? 'failed'}.`;
  }
  return (
    `${where}: wall ${formatMs(figures.wall_ms ?? 0)}, CPU ${formatMs(figures.cpu_ms ?? 0)}, ` +
    `parallelism ${formatRatio(figures.parallelism ?? 0)}`
  );
}

/**
 * One sentence on why this snippet's figures legitimately differ between the browser and
 * native CPython, from what the source uses; undefined when nothing in it runs differently.
 */
export function browserDifference(source: string, figures: NativeFigures): string | undefined {
  const reasons: string[] = [];
  if (/\b(multiprocessing|ProcessPoolExecutor)\b/.test(source)) {
    const natively =
      figures.start_method === 'fork'
        ? 'natively they are forked from the running interpreter as the program runs'
        : `natively CPython starts them with its ${figures.start_method ?? 'default'} method as the program runs`;
    reasons.push(
      `each process here is a Web Worker with its own CPython, booted before the timed run, while ${natively}`,
    );
  }
  if (/\b(threading|ThreadPoolExecutor|to_thread|run_in_executor)\b/.test(source)) {
    reasons.push(
      'threads here are green threads taking turns under the site’s own GIL, not operating-system threads, ' +
        'so switches and lock waits cost differently',
    );
  }
  if (reasons.length === 0) return undefined;
  const sentence = reasons.join('; and ');
  return `Why figures can differ here: ${sentence}.`;
}

/**
 * Names each compared timing for the reader. A label printed on several lines (`total`) is
 * named by its line up to the label instead (`“interval 5.0 ms: total”`), which says which
 * `total` it is; quotes keep the line's own colons apart from the comparison's.
 */
function named(pairs: readonly TimingPair[], output: string): TimingPair[] {
  const lines = output.split('\n');
  const count = new Map<string, number>();
  for (const pair of pairs) count.set(pair.label, (count.get(pair.label) ?? 0) + 1);
  return pairs.map((pair) => {
    if ((count.get(pair.label) ?? 0) < 2 || pair.line === undefined) return pair;
    const text = (lines[pair.line - 1] ?? '').replace(/\s+/g, ' ').trim();
    const end = text.indexOf(pair.label);
    return end < 0 ? pair : { ...pair, label: `“${text.slice(0, end + pair.label.length)}”` };
  });
}

/**
 * The printed durations worth comparing: labelled ones that are measurements (a value printed
 * identically on both sides is a setting the program printed, like a switch interval), and one
 * per output line, the first, because later ones on a line qualify it (`0.35 s of work after
 * 0.01 s of start-up`) rather than stand for a separate result.
 */
function comparableTimings(pairs: readonly TimingPair[]): TimingPair[] {
  const lines = new Set<number | undefined>();
  return pairs.filter((pair) => {
    if (pair.label === '' || pair.ours === pair.theirs || pair.ours <= 0 || pair.theirs <= 0) return false;
    if (pair.line !== undefined && lines.has(pair.line)) return false;
    lines.add(pair.line);
    return true;
  });
}

/**
 * How a reader's run of an unedited snippet compares with the recording: the wall times side by
 * side, then, when the program printed several labelled durations, each one's ratio to the first,
 * here and natively (`in one thread vs plain call: 1.02× here, 1.01× on CPython`). The ratios are
 * what should agree; the wall times differ with the machine as much as with the engine.
 */
export function comparisonLine(liveWallMs: number, liveOutput: string, figures: NativeFigures): string | undefined {
  if (figures.status !== 'ok' || !figures.wall_ms) return undefined;
  const parts = [`wall ${formatMs(liveWallMs)} here, ${formatMs(figures.wall_ms)} on CPython`];
  const pairs = named(comparableTimings(pairTimings(printedTimings(liveOutput), figures.timings ?? [])), liveOutput);
  const [base, ...others] = pairs;
  if (base) {
    for (const pair of others.slice(0, 4)) {
      parts.push(
        `${pair.label} vs ${base.label}: ${formatRatio(pair.ours / base.ours)} here, ` +
          `${formatRatio(pair.theirs / base.theirs)} on CPython`,
      );
    }
  }
  return `Your run: ${parts.join('; ')}.`;
}

export interface ComparedRow {
  title: string;
  liveWallMs: number;
  /** Undefined when there is no recording to compare with (none, or the code was edited). */
  nativeWallMs: number | undefined;
}

/**
 * An experiment's comparison: each snippet's wall-time ratio to the first, here and on
 * CPython (`threads vs sequential: 1.04× here, 0.95× on CPython`). The first row is the
 * baseline and must have both figures.
 */
export function experimentComparison(rows: readonly ComparedRow[]): string[] {
  const [base, ...others] = rows;
  if (!base?.nativeWallMs || base.liveWallMs <= 0) return [];
  const baseNative = base.nativeWallMs;
  return others.flatMap((row) =>
    row.nativeWallMs === undefined
      ? []
      : [
          `${row.title} vs ${base.title}: ${formatRatio(row.liveWallMs / base.liveWallMs)} here, ` +
            `${formatRatio(row.nativeWallMs / baseNative)} on CPython`,
        ],
  );
}
