/**
 * The process hub: the one place that knows every process of a run. It starts child
 * interpreters (keeping a few booted ahead of need, because booting CPython costs seconds),
 * hands each a program to run, holds the queues that processes share, routes the calls of
 * manager proxies to their server process (managers.ts), waits for exits, and collects the
 * trace. It runs no Python itself, so it answers while every interpreter is busy computing.
 */
import {
  absoluteNow,
  ENDED_WITH_RUN,
  type AbsoluteEvent,
  type Endpoint,
  type FromHub,
  type OutStream,
  type SpawnSpec,
  type ToHub,
} from './protocol';
import { ManagerRoutes } from './managers';
import { SharedQueues } from './queues';

export interface ChildHandle {
  endpoint: Endpoint;
  terminate(): void;
}

export interface HubOptions {
  createChild(): ChildHandle;
  /**
   * Shows a child's output, already labelled with its name. It is written synchronously,
   * before the hub handles the child's next message, so a child's last lines are out
   * before anyone hears that it exited (see engine-core/output-ring.ts).
   */
  output(stream: OutStream, text: string): void;
  cpuCount: number;
  /** Most interpreters kept booted while idle (each holds tens of MB). */
  maxWarm?: number;
}

interface Child {
  handle: ChildHandle;
  ready: Promise<void>;
  /** Set when the interpreter had booted before it was asked for. */
  booted: boolean;
}

interface Proc {
  pid: number;
  name: string;
  child: Child;
  exitcode: number | null;
  exitQueue: string | null;
  /** Settles when the child's interpreter has booted and been handed its program. */
  started: Promise<null>;
  joiners: Array<(code: number) => void>;
}

/**
 * A process's end, as a queue item. Pickles start with a protocol byte (0x80), so a leading
 * zero byte marks this JSON notice apart from the pickled results on the same queue.
 */
export function exitNotice(info: { name: string; pid: number; exitcode: number; error: string | null }): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(info));
  const item = new Uint8Array(json.length + 1);
  item.set(json, 1);
  return item;
}

export class Hub {
  readonly #options: HubOptions;
  readonly #idle: Child[] = [];
  #warmTarget = 0;
  /** The most processes alive at once so far: how many to keep booted for the next run. */
  #highWater = 0;
  readonly #procs = new Map<number, Proc>();
  readonly #queues = new SharedQueues();
  readonly #managers = new ManagerRoutes((address, request) => this.#queues.put(address, request));
  readonly #sabs = new Map<string, SharedArrayBuffer>();
  #events: AbsoluteEvent[] = [];
  /** Idle interpreters of processes whose program ended by itself, ended later (see #exited). */
  readonly #finished: ChildHandle[] = [];
  #nextPid = 101;

  constructor(parent: Endpoint, options: HubOptions) {
    this.#options = options;
    this.#listen(parent);
  }

  /** Serves one interpreter's requests; `pid` is null for the parent. */
  #listen(endpoint: Endpoint): void {
    endpoint.addEventListener('message', (event: MessageEvent) => {
      const message = event.data as ToHub;
      if (message.kind === 'call') {
        Promise.resolve()
          .then(() => this.#call(message.op, message.args))
          .then(
            (value) => endpoint.postMessage({ kind: 'reply', id: message.id, value } satisfies FromHub),
            (error: unknown) =>
              endpoint.postMessage({ kind: 'reply', id: message.id, error: String(error) } satisfies FromHub),
          );
      } else if (message.kind === 'out') {
        this.#options.output(message.stream, message.text);
      } else if (message.kind === 'trace') {
        this.#events.push(...message.events);
      } else if (message.kind === 'exit') {
        this.#exited(message.pid, message.exitcode, message.error ?? null, true);
      }
    });
  }

  #call(op: string, args: unknown[]): unknown {
    switch (op) {
      case 'spawn':
        return this.spawn(args[0] as SpawnSpec);
      case 'join':
        return this.join(args[0] as number, (args[1] as number | undefined) ?? null);
      case 'started':
        return this.#procs.get(args[0] as number)?.started ?? null;
      case 'poll':
        return this.#procs.get(args[0] as number)?.exitcode ?? null;
      case 'terminate':
        this.terminate(args[0] as number, args[1] as number);
        return null;
      case 'q_put':
        this.#queues.put(args[0] as string, args[1] as Uint8Array);
        return null;
      case 'q_get':
        return this.#queues.get(args[0] as string, (args[1] as number | undefined) ?? null);
      case 'q_size':
        return this.#queues.size(args[0] as string);
      case 'q_task_done':
        this.#queues.taskDone(args[0] as string);
        return null;
      case 'q_join':
        return this.#queues.join(args[0] as string);
      case 'sab_put':
        this.#sabs.set(args[0] as string, args[1] as SharedArrayBuffer);
        return null;
      case 'sab_get':
        return this.#sabs.get(args[0] as string) ?? null;
      case 'warm':
        return this.warm(args[0] as number);
      case 'end_run':
        return this.endRun();
      case 'cpu_count':
        return this.#options.cpuCount;
      case 'mgr_serve':
        this.#managers.serve(args[0] as string, args[1] as number);
        return null;
      case 'mgr_call':
        return this.#managers.call(args[0] as string, args[1] as string, args[2] as Uint8Array);
      case 'mgr_reply':
        this.#managers.reply(args[0] as string, args[1] as Uint8Array);
        return null;
      default:
        throw new Error(`unknown hub operation ${op}`);
    }
  }

  /**
   * Boots interpreters ahead of need: `count`, or as many processes as the busiest run so
   * far had alive at once (never more than the cap); settles when they are ready. The page
   * asks for this before a program that uses multiprocessing starts, and waits for it, so
   * that booting never competes for the cores with the program being measured; nothing
   * boots in the background at other times. Answers how many booted interpreters are idle.
   */
  warm(count: number): Promise<number> {
    this.#warmTarget = Math.min(Math.max(this.#highWater, count), this.#options.maxWarm ?? 4);
    while (this.#idle.length < this.#warmTarget) this.#idle.push(this.#boot());
    return Promise.all(this.#idle.map((child) => child.ready)).then(() => this.#idle.length);
  }

  #boot(): Child {
    const handle = this.#options.createChild();
    const child: Child = { handle, booted: false, ready: Promise.resolve() };
    child.ready = new Promise<void>((resolve) => {
      const onReady = (event: MessageEvent): void => {
        if ((event.data as ToHub).kind !== 'ready' || child.booted) return;
        child.booted = true;
        resolve();
      };
      handle.endpoint.addEventListener('message', onReady);
    });
    this.#listen(handle.endpoint);
    return child;
  }

  spawn(spec: SpawnSpec): number {
    const pid = this.#nextPid++;
    const requested = absoluteNow();
    const warm = this.#idle.find((child) => child.booted) ?? this.#idle[0];
    if (warm) this.#idle.splice(this.#idle.indexOf(warm), 1);
    const child = warm ?? this.#boot();
    const wasBooted = child.booted;
    const proc: Proc = {
      pid,
      name: spec.name,
      child,
      exitcode: null,
      exitQueue: spec.exitQueue ?? null,
      started: child.ready.then(() => null),
      joiners: [],
    };
    this.#procs.set(pid, proc);
    // A run that starts processes will likely start as many next time; the next such run
    // asks for that many at its start (see warm).
    const running = [...this.#procs.values()].filter((other) => other.exitcode === null).length;
    this.#highWater = Math.max(this.#highWater, running);
    void child.ready.then(() => {
      if (proc.exitcode !== null) return;
      this.#events.push([
        spec.name,
        'spawn',
        requested,
        absoluteNow(),
        wasBooted ? 'warm interpreter' : 'boot interpreter',
      ]);
      child.handle.endpoint.postMessage({
        kind: 'start',
        pid,
        name: spec.name,
        source: spec.source,
        payload: spec.payload,
        parentPid: spec.parentPid,
        sabs: [...this.#sabs],
        cpuCount: this.#options.cpuCount,
      } satisfies FromHub);
    });
    return pid;
  }

  join(pid: number, timeoutMs: number | null): Promise<number | null> | number | null {
    const proc = this.#procs.get(pid);
    if (!proc) throw new Error(`no process with pid ${pid}`);
    if (proc.exitcode !== null) return proc.exitcode;
    return new Promise((resolve) => {
      const wake = (code: number): void => {
        clearTimeout(timer);
        resolve(code);
      };
      proc.joiners.push(wake);
      const timer =
        timeoutMs === null
          ? undefined
          : setTimeout(() => {
              proc.joiners.splice(proc.joiners.indexOf(wake), 1);
              resolve(null);
            }, timeoutMs);
    });
  }

  /** `idle`: the process said it ended, so its worker runs nothing any more. */
  #exited(pid: number, exitcode: number, error: string | null = null, idle = false): void {
    const proc = this.#procs.get(pid);
    if (!proc || proc.exitcode !== null) return;
    proc.exitcode = exitcode;
    if (proc.exitQueue !== null)
      this.#queues.put(proc.exitQueue, exitNotice({ name: proc.name, pid, exitcode, error }));
    // A process's interpreter is never reused: the next process gets a fresh one, as the OS would.
    // Ending a worker tears its interpreter down, which takes a core for milliseconds, beside the
    // processes still working; so an idle one is ended when the run ends, or once more of them
    // wait than there are cores (which bounds the memory they hold).
    if (idle) {
      this.#finished.push(proc.child.handle);
      if (this.#finished.length > this.#options.cpuCount) this.#finished.shift()?.terminate();
    } else {
      proc.child.handle.terminate();
    }
    this.#managers.exited(pid);
    for (const wake of proc.joiners.splice(0)) wake(exitcode);
  }

  /** `label` names the mark on the process's lane (terminated, killed, or ended with the run). */
  terminate(pid: number, exitcode: number, label = exitcode === -9 ? 'killed' : 'terminated'): void {
    const proc = this.#procs.get(pid);
    if (!proc || proc.exitcode !== null) return;
    this.#events.push([proc.name, 'mark', absoluteNow(), absoluteNow(), label]);
    this.#exited(pid, exitcode);
  }

  /** At the end of a run every child still alive is ended and shared state is dropped. */
  endRun(): AbsoluteEvent[] {
    for (const proc of this.#procs.values()) {
      if (proc.exitcode === null) this.terminate(proc.pid, -15, ENDED_WITH_RUN);
    }
    for (const handle of this.#finished.splice(0)) handle.terminate();
    this.#managers.clear();
    this.#queues.clear();
    this.#sabs.clear();
    this.#procs.clear();
    const events = this.#events;
    this.#events = [];
    return events;
  }
}
