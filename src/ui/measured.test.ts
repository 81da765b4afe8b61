import { describe, expect, it } from 'vitest';
import { firstPrintedMs, measured } from './measured';
import type { NativeFigures } from './native';

const recording = (wall_ms: number, timings: Array<[string, number]>): NativeFigures => ({
  status: 'ok',
  python: '3.11.7',
  cores: 2,
  machine: 'x86_64',
  date: '2026-11-30',
  wall_ms,
  timings: timings.map(([label, ms]) => ({ label, ms })),
});

describe('measured', () => {
  it('takes the first printed duration, so start-up printed after the work stays apart', () => {
    expect(firstPrintedMs('2 processes: 0.68 s of work after 0.87 s of start-up\n')).toBeCloseTo(680);
    expect(firstPrintedMs('no timing here\n')).toBeUndefined();
  });

  it('compares printed figures when every snippet printed one, here and in the recordings', () => {
    const result = measured([
      { wallMs: 990, output: 'sequential: 0.98 s\n', native: recording(450, [['sequential', 420]]) },
      {
        wallMs: 1560,
        output: '4 processes: 0.67 s of work after 0.87 s of start-up\n',
        native: recording(300, [
          ['4 processes', 230],
          ['of work after', 40],
        ]),
      },
    ]);
    expect(result.basis).toBe('printed');
    expect(result.live[0]).toBeCloseTo(980);
    expect(result.live[1]).toBeCloseTo(670);
    expect(result.native).toEqual([420, 230]);
  });

  it('falls back to wall times when one snippet printed no duration', () => {
    const result = measured([
      { wallMs: 990, output: 'sequential: 0.98 s\n', native: recording(450, [['sequential', 420]]) },
      { wallMs: 500, output: 'done\n', native: undefined },
    ]);
    expect(result).toEqual({ basis: 'wall', live: [990, 500], native: [450, undefined] });
  });
});
