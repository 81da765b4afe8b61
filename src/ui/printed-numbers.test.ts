import { describe, expect, it } from 'vitest';
import { pairTimings, printedNumbers, printedTimings } from './printed-numbers';

describe('printed numbers', () => {
  it('labels a timing with the words before it', () => {
    expect(printedNumbers('sequential: 0.42 s\n')).toEqual([{ label: 'sequential', value: 0.42, unit: 's', line: 1 }]);
  });

  it('keeps counts inside a label and starts the next label after a measured quantity', () => {
    expect(printedNumbers('2 processes: 2.31 s of work after 0.05 s of start-up')).toEqual([
      { label: 'processes', value: 2, line: 1 },
      { label: '2 processes', value: 2.31, unit: 's', line: 1 },
      { label: 'of work after', value: 0.05, unit: 's', line: 1 },
    ]);
  });

  it('leaves values printed before a number out of its label, so labels match across runs', () => {
    const line = 'unsafe_deposit  balance = 321,640 (expected 400,000) in 0.05 s';
    expect(printedTimings(line)).toEqual([{ label: 'unsafe_deposit balance', ms: 50, line: 1 }]);
    expect(printedTimings('one by one: 10 results in 2.00 s')).toEqual([{ label: 'one by one', ms: 2000, line: 1 }]);
    expect(printedTimings('I/O-bound, 10 threads: 0.21 s')).toEqual([
      { label: 'I/O-bound, 10 threads', ms: 210, line: 1 },
    ]);
  });

  it('reads thousands separators, signs, ratios and percentages', () => {
    const numbers = printedNumbers('total = 1,333,333,000\nbalance = -60\nspeed-up: 1.98x on 2 CPUs\nload 75%');
    expect(numbers.map(({ label, value, unit }) => [label, value, unit])).toEqual([
      ['total', 1_333_333_000, undefined],
      ['balance', -60, undefined],
      ['speed-up', 1.98, 'x'],
      ['on', 2, undefined],
      ['load', 75, '%'],
    ]);
  });

  it('leaves numbers that are part of names alone', () => {
    expect(printedNumbers('Thread-2 finished; x1 too')).toEqual([]);
    expect(printedNumbers('5 stars')).toEqual([{ label: 'stars', value: 5, line: 1 }]);
  });

  it('converts printed durations to milliseconds, whatever their unit', () => {
    expect(printedTimings('a: 1.5 s\nb: 250 ms\nc: 40 µs\nd: 3 items')).toEqual([
      { label: 'a', ms: 1500, line: 1 },
      { label: 'b', ms: 250, line: 2 },
      { label: 'c', ms: 0.04, line: 3 },
    ]);
  });

  it('ignores the process label the site puts before a child’s lines', () => {
    expect(printedTimings('[Process-1] worker: 0.50 s')).toEqual(printedTimings('worker: 0.50 s'));
  });

  it('pairs timings by label and occurrence, whatever order the lines came in', () => {
    const ours = printedTimings('b: 2.0 s\na: 1.0 s\na: 3.0 s\nonly here: 1 s');
    const theirs = printedTimings('a: 0.5 s\na: 1.5 s\nb: 1.0 s');
    expect(pairTimings(ours, theirs)).toEqual([
      { label: 'b', ours: 2000, theirs: 1000, line: 1 },
      { label: 'a', ours: 1000, theirs: 500, line: 2 },
      { label: 'a', ours: 3000, theirs: 1500, line: 3 },
    ]);
  });
});
