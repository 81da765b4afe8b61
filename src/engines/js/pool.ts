/**
 * A pool of Web Workers that snippets use like `multiprocessing.Pool`: `map` spreads
 * inputs over the workers (each takes the next input when it finishes one), `all` runs a
 * function once on every worker at the same time (for shared-memory demos). Every worker
 * is a lane in the trace: `spawn` until it answers, `transfer` while a job's arguments or
 * result are in flight, `run` while the job executes.
 *
 * It talks to workers through comlink over the `Endpoint` interface only, so tests run it
 * over a MessageChannel without real Workers.
 */
import { wrap, type Endpoint, type Remote } from 'comlink';
import type { TraceRecorder } from '../../engine-core/trace';
import type { PoolWorkerApi } from './pool-worker-api';

export interface WorkerHandle {
  endpoint: Endpoint;
  terminate(): void;
}

export type SpawnWorker = (name: string) => WorkerHandle;

export interface PoolOptions {
  recorder: TraceRecorder;
  /** Converts an absolute time from another context to ms from the run's start. */
  fromAbsolute(absolute: number): number;
  signal?: AbortSignal;
}

interface Member {
  lane: string;
  api: Remote<PoolWorkerApi>;
  handle: WorkerHandle;
}

type Job<I, R> = (input: I, ...rest: never[]) => R | Promise<R>;

export class WorkerPool {
  readonly #members: Member[];
  readonly #options: PoolOptions;
  #closed = false;

  private constructor(members: Member[], options: PoolOptions) {
    this.#members = members;
    this.#options = options;
    options.signal?.addEventListener('abort', () => this.close(), { once: true });
  }

  /** Starts `size` workers and waits until each has loaded and answered. */
  static async create(size: number, spawn: SpawnWorker, options: PoolOptions, firstIndex = 1): Promise<WorkerPool> {
    if (!Number.isInteger(size) || size < 1 || size > 64) throw new RangeError('a pool needs 1 to 64 workers');
    const members = await Promise.all(
      Array.from({ length: size }, async (_, index) => {
        const lane = `worker ${firstIndex + index}`;
        const endSpawn = options.recorder.begin(lane, 'spawn', 'start-up');
        const handle = spawn(lane);
        const api = wrap<PoolWorkerApi>(handle.endpoint);
        await api.ready();
        endSpawn();
        return { lane, api, handle };
      }),
    );
    return new WorkerPool(members, options);
  }

  get size(): number {
    return this.#members.length;
  }

  async #runOn<R>(member: Member, source: string, args: unknown[], label: string): Promise<R> {
    if (this.#closed) throw new Error('the pool is closed');
    const { recorder, fromAbsolute } = this.#options;
    const sent = recorder.elapsed();
    const { result, start, end } = await member.api.run(source, ...args);
    const received = recorder.elapsed();
    const startRel = Math.max(sent, fromAbsolute(start));
    const endRel = Math.min(received, Math.max(startRel, fromAbsolute(end)));
    recorder.add({ lane: member.lane, kind: 'transfer', start: sent, end: startRel, label: `${label} arguments` });
    recorder.add({ lane: member.lane, kind: 'run', start: startRel, end: endRel, label });
    recorder.add({ lane: member.lane, kind: 'transfer', start: endRel, end: received, label: `${label} result` });
    return result as R;
  }

  /** Applies `fn` to every input in parallel; results keep the inputs' order. */
  async map<I, R>(fn: Job<I, R>, inputs: Iterable<I>): Promise<R[]> {
    const source = fn.toString();
    const items = [...inputs];
    const results = new Array<R>(items.length);
    let next = 0;
    await Promise.all(
      this.#members.map(async (member) => {
        while (next < items.length) {
          const index = next;
          next += 1;
          results[index] = await this.#runOn<R>(member, source, [items[index]], `job ${index + 1}`);
        }
      }),
    );
    return results;
  }

  /** Runs `fn(...args, workerIndex)` on every worker at once and returns each result. */
  async all<R>(fn: (...args: never[]) => R | Promise<R>, ...args: unknown[]): Promise<R[]> {
    const source = fn.toString();
    return Promise.all(this.#members.map((member, index) => this.#runOn<R>(member, source, [...args, index], 'job')));
  }

  /** Ends every worker at once, even one stuck in a loop. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const member of this.#members) member.handle.terminate();
  }
}
