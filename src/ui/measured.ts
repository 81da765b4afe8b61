/**
 * Which figure an experiment compares. A snippet that times itself prints its result, and
 * the site's experiments print the work first and any start-up after it (`0.68 s of work
 * after 0.05 s of start-up`), so the first duration a snippet printed is what it measured.
 * When every compared snippet printed one, the experiment compares those, which keeps
 * start-up (a process pool's, say) apart from the work as the snippets themselves do;
 * otherwise it compares wall times.
 */
import type { NativeFigures } from './native';
import { printedTimings } from './printed-numbers';

export interface MeasuredRow {
  /** The run's wall time (ms). */
  wallMs: number;
  /** What the run printed. */
  output: string;
  /** The snippet's native recording, if it has one that applies (the code was not edited). */
  native?: NativeFigures | undefined;
}

export interface Measured {
  /** `printed`: each snippet's first printed duration; `wall`: wall times. */
  basis: 'printed' | 'wall';
  /** The compared figure of each row here (ms). */
  live: number[];
  /** The same figure in each row's recording (ms), where there is one. */
  native: Array<number | undefined>;
}

/** The first duration printed in `output` (ms), if any. */
export function firstPrintedMs(output: string): number | undefined {
  return printedTimings(output)[0]?.ms;
}

/** The figures to compare for `rows`, on one basis for all of them (see the module comment). */
export function measured(rows: readonly MeasuredRow[]): Measured {
  const printed = rows.map((row) => firstPrintedMs(row.output));
  const basis = rows.length > 0 && printed.every((value) => value !== undefined && value > 0) ? 'printed' : 'wall';
  return {
    basis,
    live: rows.map((row, index) => (basis === 'printed' ? (printed[index] ?? 0) : row.wallMs)),
    native: rows.map(({ native }) => {
      if (native?.status !== 'ok') return undefined;
      return basis === 'printed' ? native.timings?.[0]?.ms : native.wall_ms;
    }),
  };
}
