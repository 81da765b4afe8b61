import { describe, expect, it } from 'vitest';
import { cpuTime, lanesOf, peakParallelism, summarize, TraceRecorder, unionLength, type Span } from './trace';

const run = (lane: string, start: number, end: number): Span => ({ lane, kind: 'run', start, end });

describe('unionLength', () => {
  it('counts overlapping time once and ignores empty intervals', () => {
    expect(
      unionLength([
        [0, 10],
        [5, 15],
        [20, 25],
        [30, 30],
      ]),
    ).toBe(20);
  });
  it('handles nested and unsorted intervals', () => {
    expect(
      unionLength([
        [50, 60],
        [0, 100],
        [10, 20],
      ]),
    ).toBe(100);
  });
});

describe('summarize', () => {
  it('two lanes running side by side give parallelism 2', () => {
    const summary = summarize([run('worker 1', 0, 100), run('worker 2', 0, 100)], 100);
    expect(summary).toMatchObject({ wall_ms: 100, cpu_ms: 200, parallelism: 2 });
  });

  it('threads taking turns give parallelism about 1, however many lanes', () => {
    const spans = [run('T1', 0, 5), run('T2', 5, 10), run('T1', 10, 15), run('T2', 15, 20)];
    expect(summarize(spans)).toMatchObject({ wall_ms: 20, cpu_ms: 20, parallelism: 1 });
  });

  it('sleeps and waits are not CPU time', () => {
    const spans: Span[] = [
      { lane: 'Task-1', kind: 'sleep', start: 0, end: 200 },
      { lane: 'Task-2', kind: 'sleep', start: 0, end: 200 },
      run('Task-1', 200, 201),
    ];
    expect(summarize(spans, 202)).toMatchObject({ wall_ms: 202, cpu_ms: 1, parallelism: 0 });
  });

  it('does not double-count a lane whose running spans overlap', () => {
    expect(cpuTime([run('main', 0, 10), run('main', 5, 10)])).toBe(10);
  });

  it('lists lanes in order of their first start, with spans sorted and rounded', () => {
    const lanes = lanesOf([run('b', 5.123456, 6), run('a', 1, 2), run('b', 0, 1)]);
    expect(lanes.map((lane) => lane.name)).toEqual(['b', 'a']);
    const together = lanesOf([run('worker 10', 0, 1), run('worker 2', 0, 1), run('main', 0, 1)]);
    expect(together.map((lane) => lane.name)).toEqual(['main', 'worker 2', 'worker 10']);
    expect(lanes[0]?.spans).toEqual([
      { kind: 'run', start: 0, end: 1 },
      { kind: 'run', start: 5.12, end: 6 },
    ]);
  });

  it('an empty run has zero everything rather than NaN', () => {
    expect(summarize([])).toEqual({ wall_ms: 0, cpu_ms: 0, parallelism: 0, lanes: [] });
  });

  it('serialises to the JSON the page contract promises', () => {
    const parsed = JSON.parse(JSON.stringify(summarize([run('main', 0, 3)]))) as Record<string, unknown>;
    expect(Object.keys(parsed).sort()).toEqual(['cpu_ms', 'lanes', 'parallelism', 'wall_ms']);
  });
});

describe('cpuTime with a core count', () => {
  it('counts at most `cores` lanes at any instant', () => {
    const four = ['w1', 'w2', 'w3', 'w4'].map((lane) => run(lane, 0, 100));
    expect(cpuTime(four)).toBe(400);
    expect(cpuTime(four, 2)).toBe(200);
    expect(summarize(four, 100, 2).parallelism).toBe(2);
  });

  it('is exact when there are no more lanes than cores', () => {
    expect(cpuTime([run('a', 0, 10), run('b', 5, 20)], 2)).toBe(25);
  });

  it('clamps only where lanes overlap', () => {
    // Three lanes overlap for 10 ms on two cores: 10 ms are not counted.
    const spans = [run('a', 0, 30), run('b', 10, 20), run('c', 10, 40)];
    expect(cpuTime(spans)).toBe(70);
    expect(cpuTime(spans, 2)).toBe(60);
  });
});

describe('peakParallelism', () => {
  it('counts simultaneous running lanes, not back-to-back ones', () => {
    expect(peakParallelism([run('a', 0, 10), run('b', 10, 20)])).toBe(1);
    expect(peakParallelism([run('a', 0, 10), run('b', 5, 20), run('c', 6, 7)])).toBe(3);
  });
});

describe('TraceRecorder', () => {
  it('records spans relative to its origin with an injected clock', () => {
    let now = 1000;
    const recorder = new TraceRecorder(() => now);
    now = 1010;
    const end = recorder.begin('main', 'run', 'work');
    now = 1030;
    expect(end()).toEqual({ lane: 'main', kind: 'run', start: 10, end: 30, label: 'work' });
    // Ending twice does not record twice.
    end();
    expect(recorder.spans()).toHaveLength(1);
  });
});
