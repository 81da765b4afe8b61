import { describe, expect, it } from 'vitest';
import { summarize } from '../../engine-core/trace';
import { longestLoopStall, pythonTrace, type PythonEvent } from './trace-convert';

describe('pythonTrace', () => {
  it('a plain program runs on MainThread except while it sleeps', () => {
    const spans = pythonTrace([['MainThread', 'sleep', 10, 210, 'time.sleep']], 220);
    const summary = summarize(spans, 220);
    expect(summary.lanes.map((lane) => lane.name)).toEqual(['MainThread']);
    expect(summary.cpu_ms).toBe(20);
  });

  it('gathered tasks sleep side by side while the main thread waits in the loop', () => {
    const events: PythonEvent[] = [['Task-1', 'run', 5, 6, null]];
    for (const n of [2, 3])
      events.push(
        [`Task-${n}`, 'run', 6, 6.5, null],
        [`Task-${n}`, 'sleep', 6.5, 206, 'asyncio.sleep'],
        [`Task-${n}`, 'run', 206, 206.5, null],
      );
    events.push(['Task-1', 'run', 207, 208, null]);
    const spans = pythonTrace(events, 210);
    const summary = summarize(spans, 210);
    const main = summary.lanes.find((lane) => lane.name === 'MainThread');
    expect(main?.spans.map((span) => span.kind)).toEqual(['run', 'wait', 'run']);
    // Task-1 waited for the others between its two slices.
    const task1 = summary.lanes.find((lane) => lane.name === 'Task-1');
    expect(task1?.spans.map((span) => span.kind)).toEqual(['run', 'wait', 'run']);
    expect(summary.cpu_ms).toBeLessThan(15);
  });

  it('a blocking call inside a task is one long slice: the loop stall, but not CPU time', () => {
    const events: PythonEvent[] = [
      ['Task-1', 'run', 0, 1, null],
      ['Task-2', 'run', 1, 502, null],
      ['Task-2', 'sleep', 1.5, 501.5, 'time.sleep'],
    ];
    expect(longestLoopStall(events)).toBe(501);
    expect(summarize(pythonTrace(events, 510)).cpu_ms).toBeLessThan(15);
  });

  it('ignores unknown kinds rather than drawing them', () => {
    expect(pythonTrace([['Task-1', 'bogus', 0, 1, null]], 1).every((span) => span.kind !== ('bogus' as never))).toBe(
      true,
    );
  });
});
