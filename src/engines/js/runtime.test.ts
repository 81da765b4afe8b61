import { describe, expect, it } from 'vitest';
import { summarize, TraceRecorder } from '../../engine-core/trace';
import { createRuntime, formatArgs, StoppedError } from './runtime';

function harness() {
  const output: string[] = [];
  const controller = new AbortController();
  const recorder = new TraceRecorder();
  const runtime = createRuntime({ recorder, signal: controller.signal, write: (_s, text) => output.push(text) });
  runtime.start();
  return { output, controller, recorder, runtime };
}

describe('snippet runtime', () => {
  it('gathers ten 50 ms sleeps in about 50 ms, one lane per task', async () => {
    const { runtime, recorder } = harness();
    const started = performance.now();
    await runtime.gather(...Array.from({ length: 10 }, () => () => runtime.sleep(50)));
    const elapsed = performance.now() - started;
    runtime.finish();
    expect(elapsed).toBeLessThan(250);
    const summary = summarize(recorder.spans());
    const taskLanes = summary.lanes.filter((lane) => lane.name.startsWith('task '));
    expect(taskLanes).toHaveLength(10);
    for (const lane of taskLanes) expect(lane.spans.some((span) => span.kind === 'sleep')).toBe(true);
    // Waiting is not CPU time: the CPU total is far below ten times the sleep.
    expect(summary.cpu_ms).toBeLessThan(100);
  });

  it('sequential awaits on one lane take the sum of the sleeps', async () => {
    const { runtime, recorder } = harness();
    const started = performance.now();
    for (let i = 0; i < 3; i += 1) await runtime.sleep(30);
    expect(performance.now() - started).toBeGreaterThanOrEqual(85);
    runtime.finish();
    const lanes = summarize(recorder.spans()).lanes;
    expect(lanes.map((lane) => lane.name)).toEqual(['main']);
    expect(lanes[0]?.spans.filter((span) => span.kind === 'sleep')).toHaveLength(3);
  });

  it('streams console output as it happens, errors to stderr', () => {
    const output: Array<[string, string]> = [];
    const runtime = createRuntime({
      recorder: new TraceRecorder(),
      signal: new AbortController().signal,
      write: (stream, text) => output.push([stream, text]),
    });
    runtime.console.log('a', 1, { b: [2] });
    runtime.console.error('bad');
    expect(output).toEqual([
      ['stdout', 'a 1 {"b":[2]}\n'],
      ['stderr', 'bad\n'],
    ]);
  });

  it('stop rejects a pending sleep and refuses new work', async () => {
    const { runtime, controller } = harness();
    const pending = runtime.sleep(10_000);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(StoppedError);
    expect(() => runtime.console.log('x')).toThrow(StoppedError);
  });

  it('a task that throws rejects its gather', async () => {
    const { runtime } = harness();
    await expect(
      runtime.gather(
        () => runtime.sleep(5),
        () => {
          throw new Error('boom');
        },
      ),
    ).rejects.toThrow('boom');
  });

  it('formats values the way a console would', () => {
    expect(formatArgs(['x', 2n, undefined, null, [1, 'a']])).toBe('x 2n undefined null [1,"a"]');
  });
});
