/**
 * Reads the numbers a program printed, each with the words before it as its label:
 * `sequential: 0.42 s` gives `{ label: 'sequential', value: 0.42, unit: 's' }`. The native
 * recorder stores them, and the page compares a reader's printed timings with CPython's.
 * Programs print for people, not parsers, so this only promises a readable label, not a
 * perfect one; timings (numbers followed by a time unit) are what comparisons use.
 */

export interface PrintedNumber {
  /** The text before the number on its line, back to the previous measured quantity. */
  label: string;
  value: number;
  /** The unit written right after the number (`s`, `ms`, `x`, `%`, `MB`…), if any. */
  unit?: string;
  /** 1-based line of the output. */
  line: number;
}

export interface PrintedTiming {
  label: string;
  /** The printed duration converted to milliseconds. */
  ms: number;
  /** 1-based line of the output it was printed on (left out of recordings, which need no lines). */
  line?: number;
}

/** Milliseconds per unit, for the units that mark a duration. */
const TIME_UNITS: Record<string, number> = {
  ns: 1e-6,
  µs: 1e-3,
  us: 1e-3,
  ms: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  seconds: 1000,
};

// A number (with optional thousands separators, decimals and exponent) not glued to a word or a
// hyphen before it (so `Thread-2` and `x1` stay names), then an optional unit that ends a word.
const NUMBER =
  /(?<![\w.-])(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:e[+-]?\d+)?)(?:\s?(ns|µs|us|ms|seconds|secs|sec|s|x|×|%|KB|MB|GB|bytes)(?![\w]))?/gi;

/**
 * Trims a label: whitespace, punctuation that only joins it to its number, and the
 * `[Process-1] ` the site puts before each line a child process prints (CPython does not).
 */
function cleanLabel(text: string): string {
  return text
    .replace(/^\s*\[[\w .:-]*\]\s+/, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s,;:=)\]}>-]+/, '')
    .replace(/[\s,;:=([{<-]+$/, '')
    .trim();
}

/**
 * Cuts a label before the first value printed inside it (`balance = 321,640 (expected` becomes
 * `balance`), because a value can change from run to run and would stop two runs' labels from
 * matching. A count written before a word (`I/O-bound, 10 threads`) names the line and stays.
 */
function withoutValues(label: string): string {
  const value = /(?::|=|->)\s*-?\d/.exec(label);
  if (!value || value.index === 0) return label;
  return cleanLabel(label.slice(0, value.index)) || label;
}

/** Every number printed in `output`, in order, labelled with the text before it. */
export function printedNumbers(output: string): PrintedNumber[] {
  const numbers: PrintedNumber[] = [];
  output.split('\n').forEach((text, index) => {
    // A label runs from the end of the last number that had a unit, so counts stay part of
    // the label (`10 threads: 1.02 s` is labelled `10 threads`).
    let labelStart = 0;
    const found: Array<{ start: number; end: number; value: number; unit?: string }> = [];
    for (const match of text.matchAll(NUMBER)) {
      const [whole, digits = '', unit] = match;
      const start = match.index;
      const value = Number(digits.replaceAll(',', ''));
      if (!Number.isFinite(value)) continue;
      found.push({ start, end: start + whole.length, value, ...(unit ? { unit } : {}) });
    }
    found.forEach((number, position) => {
      let label = withoutValues(cleanLabel(text.slice(labelStart, number.start)));
      if (!label && number.unit === undefined) {
        // A bare count at the start of a line (`10 jobs in 0.5 s`) is labelled by what follows.
        const next = found[position + 1]?.start ?? text.length;
        label = cleanLabel(text.slice(number.end, next));
      }
      numbers.push({ label, value: number.value, line: index + 1, ...(number.unit ? { unit: number.unit } : {}) });
      if (number.unit !== undefined) labelStart = number.end;
    });
  });
  return numbers;
}

/** The numbers among `numbers` that are durations, in milliseconds. */
export function timingsOf(numbers: readonly PrintedNumber[]): PrintedTiming[] {
  return numbers.flatMap((number) => {
    const factor = number.unit === undefined ? undefined : TIME_UNITS[number.unit.toLowerCase()];
    return factor === undefined ? [] : [{ label: number.label, ms: number.value * factor, line: number.line }];
  });
}

/** The durations printed in `output`, in milliseconds. */
export function printedTimings(output: string): PrintedTiming[] {
  return timingsOf(printedNumbers(output));
}

/**
 * Pairs two runs' timings by label (the n-th `total` with the n-th `total`), in the order of
 * `ours`. A program whose threads print in a different order each run still pairs up.
 */
export function pairTimings(ours: readonly PrintedTiming[], theirs: readonly PrintedTiming[]): TimingPair[] {
  const seen = new Map<string, number>();
  const pairs: TimingPair[] = [];
  for (const timing of ours) {
    const occurrence = seen.get(timing.label) ?? 0;
    seen.set(timing.label, occurrence + 1);
    const match = theirs.filter((other) => other.label === timing.label)[occurrence];
    if (match) pairs.push({ label: timing.label, ours: timing.ms, theirs: match.ms, line: timing.line });
  }
  return pairs;
}

/** The same printed duration in two runs: `ours` (here) and `theirs` (recorded), in ms. */
export interface TimingPair {
  label: string;
  ours: number;
  theirs: number;
  /** The line of our output it came from. */
  line?: number | undefined;
}
