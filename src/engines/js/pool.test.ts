import { describe, expect, it } from 'vitest';
import { expose } from 'comlink';
import { summarize, TraceRecorder } from '../../engine-core/trace';
import { absoluteNow, createPoolWorkerApi } from './pool-worker-api';
import { WorkerPool, type SpawnWorker } from './pool';

/** Fake workers: each is a MessageChannel whose far port serves the real worker API. */
function channelSpawner(terminated: string[]): SpawnWorker {
  return (name) => {
    const { port1, port2 } = new MessageChannel();
    expose(createPoolWorkerApi(), port2);
    return {
      endpoint: port1,
      terminate: () => {
        terminated.push(name);
        port1.close();
        port2.close();
      },
    };
  };
}

function options(recorder: TraceRecorder) {
  const origin = absoluteNow() - recorder.elapsed();
  return { recorder, fromAbsolute: (absolute: number) => absolute - origin };
}

describe('WorkerPool over MessageChannel endpoints', () => {
  it('maps inputs in order, with results computed on the far side', async () => {
    const terminated: string[] = [];
    const recorder = new TraceRecorder();
    const pool = await WorkerPool.create(3, channelSpawner(terminated), options(recorder));
    const squares = await pool.map((n: number) => n * n, [1, 2, 3, 4, 5, 6, 7]);
    expect(squares).toEqual([1, 4, 9, 16, 25, 36, 49]);
    pool.close();
    expect(terminated).toEqual(['worker 1', 'worker 2', 'worker 3']);
  });

  it('records spawn, transfer and run spans on one lane per worker', async () => {
    const recorder = new TraceRecorder();
    const pool = await WorkerPool.create(2, channelSpawner([]), options(recorder));
    await pool.map((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)), [20, 20]);
    pool.close();
    const lanes = summarize(recorder.spans()).lanes;
    expect(lanes.map((lane) => lane.name)).toEqual(['worker 1', 'worker 2']);
    for (const lane of lanes) {
      expect(lane.spans.map((span) => span.kind)).toEqual(['spawn', 'transfer', 'run', 'transfer']);
      const run = lane.spans.find((span) => span.kind === 'run');
      expect((run?.end ?? 0) - (run?.start ?? 0)).toBeGreaterThanOrEqual(15);
    }
  });

  it('runs a function once on every worker with its index', async () => {
    const recorder = new TraceRecorder();
    const pool = await WorkerPool.create(4, channelSpawner([]), options(recorder));
    expect(await pool.all((base: number, index: number) => base + index, 10)).toEqual([10, 11, 12, 13]);
    pool.close();
  });

  it('passes a job’s error back to the caller', async () => {
    const pool = await WorkerPool.create(1, channelSpawner([]), options(new TraceRecorder()));
    await expect(
      pool.map(
        (n: number) => {
          throw new Error(`bad input ${n}`);
        },
        [7],
      ),
    ).rejects.toThrow('bad input 7');
    pool.close();
  });

  it('closes every worker when the run is stopped', async () => {
    const terminated: string[] = [];
    const controller = new AbortController();
    await WorkerPool.create(2, channelSpawner(terminated), {
      ...options(new TraceRecorder()),
      signal: controller.signal,
    });
    controller.abort();
    expect(terminated).toHaveLength(2);
  });

  it('rejects impossible sizes', async () => {
    await expect(WorkerPool.create(0, channelSpawner([]), options(new TraceRecorder()))).rejects.toThrow(RangeError);
  });
});
