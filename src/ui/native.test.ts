import { describe, expect, it } from 'vitest';
import {
  browserDifference,
  comparisonLine,
  experimentComparison,
  parseNative,
  recordedLine,
  type NativeFigures,
} from './native';

const recorded: NativeFigures = {
  status: 'ok',
  python: '3.11.7',
  cores: 2,
  machine: 'x86_64, Intel(R) Xeon(R) Processor',
  date: '2026-11-30',
  wall_ms: 1230,
  cpu_ms: 1200,
  parallelism: 0.98,
  start_method: 'fork',
  timings: [
    { label: 'plain call', ms: 400 },
    { label: 'in one thread', ms: 420 },
    { label: 'default switch interval', ms: 5 },
  ],
};

describe('native recordings in words', () => {
  it('says it was recorded, with what, where and when, and gives the figures', () => {
    expect(recordedLine(recorded)).toBe(
      'Recorded with CPython 3.11.7 natively on 2 cores (x86_64, Intel(R) Xeon(R) Processor), 2026-11-30: ' +
        'wall 1.23 s, CPU 1.20 s, parallelism 0.98×',
    );
  });

  it('says why there are no figures for a failing or unsupported program', () => {
    expect(recordedLine({ ...recorded, status: 'error', reason: 'ended with RuntimeError: boom' })).toMatch(
      /: not timed, as it is meant to fail; natively it ended with RuntimeError: boom\.$/,
    );
    expect(recordedLine({ ...recorded, status: 'unsupported', reason: 'it imports the browser-only module js' })).toBe(
      'Not recorded natively: it imports the browser-only module js.',
    );
  });

  it('reads only well-formed recordings', () => {
    expect(parseNative(JSON.stringify(recorded))).toEqual(recorded);
    expect(parseNative(undefined)).toBeUndefined();
    expect(parseNative('{not json')).toBeUndefined();
    expect(parseNative('{"status":"ok"}')).toBeUndefined();
  });

  it('explains differences only for what the source uses', () => {
    expect(browserDifference('import time\ntime.sleep(1)\n', recorded)).toBeUndefined();
    expect(browserDifference('import multiprocessing as mp\n', recorded)).toMatch(
      /^Why figures can differ here: each process here is a Web Worker .* forked from the running interpreter as the program runs\.$/,
    );
    expect(
      browserDifference('from concurrent.futures import ProcessPoolExecutor\n', { ...recorded, start_method: 'spawn' }),
    ).toContain('starts them with its spawn method');
    expect(browserDifference('import threading\n', recorded)).toContain('green threads');
  });

  it('compares a run with the recording: wall times, then printed timings against the first', () => {
    const output = 'plain call:    0.80 s\nin one thread: 0.88 s\ndefault switch interval: 5.0 ms\n';
    expect(comparisonLine(2460, output, recorded)).toBe(
      'Your run: wall 2.46 s here, 1.23 s on CPython; in one thread vs plain call: 1.10× here, 1.05× on CPython.',
    );
    expect(comparisonLine(615, 'nothing printed\n', recorded)).toBe('Your run: wall 615 ms here, 1.23 s on CPython.');
    expect(comparisonLine(100, '', { ...recorded, status: 'error' })).toBeUndefined();
  });

  it('compares only the first timing of each printed line, as later ones qualify it', () => {
    const natively: NativeFigures = {
      ...recorded,
      timings: [
        { label: 'sequential', ms: 500 },
        { label: '2 processes', ms: 260 },
        { label: 'of work after', ms: 4 },
      ],
    };
    const output = 'sequential: 1.00 s\n2 processes: 0.55 s of work after 0.01 s of start-up\n';
    expect(comparisonLine(1000, output, natively)).toBe(
      'Your run: wall 1.00 s here, 1.23 s on CPython; 2 processes vs sequential: 0.55× here, 0.52× on CPython.',
    );
  });

  it('names a label printed on several lines by its line, so the reader knows which one it is', () => {
    const natively: NativeFigures = {
      ...recorded,
      timings: [
        { label: 'interval', ms: 0.5 },
        { label: 'total', ms: 590 },
        { label: 'interval', ms: 5 },
        { label: 'total', ms: 710 },
      ],
    };
    const output = 'interval   0.5 ms: total 0.99 s, 614 ticks\ninterval   5.0 ms: total 0.46 s, 88 ticks\n';
    expect(comparisonLine(2900, output, natively)).toBe(
      'Your run: wall 2.90 s here, 1.23 s on CPython; ' +
        '“interval 5.0 ms: total” vs “interval 0.5 ms: total”: 0.46× here, 1.20× on CPython.',
    );
  });

  it('compares an experiment’s ratios to its first snippet, here and on CPython', () => {
    expect(
      experimentComparison([
        { title: 'sequential', liveWallMs: 2000, nativeWallMs: 1000 },
        { title: 'threads', liveWallMs: 2080, nativeWallMs: 950 },
        { title: 'edited', liveWallMs: 500, nativeWallMs: undefined },
      ]),
    ).toEqual(['threads vs sequential: 1.04× here, 0.95× on CPython']);
    expect(experimentComparison([{ title: 'a', liveWallMs: 1, nativeWallMs: undefined }])).toEqual([]);
  });
});
