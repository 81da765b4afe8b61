/**
 * The JavaScript half of `_pcm_proc`, the module through which Python code in any
 * interpreter (the parent or a child process) talks to the process hub. Python blocks on
 * answers with `pyodide.ffi.run_sync`, in short slices (`wait`) so that Stop
 * (KeyboardInterrupt) is still noticed while it waits.
 *
 * Python holds a call's answer by a number, never as a promise: in Pyodide 314, calling
 * `then` on a promise that came from Python and waiting for the result with run_sync is a
 * fatal error ("Object has already been destroyed"), so the promises stay on this side.
 */
import { absoluteNow, type Endpoint, type FromHub, type Op, type ToHub } from './protocol';

export interface Settled {
  done: boolean;
  value?: unknown;
  error?: string;
  /** Stop was pressed while Python waited: it should raise KeyboardInterrupt. */
  interrupted?: boolean;
}

export interface ProcessClient {
  /** Starts a hub operation; its answer is collected with `wait` or `then` by this handle. */
  call(op: Op, ...args: unknown[]): number;
  /** Sends without waiting for the answer (puts keep their order all the same). */
  send(op: Op, ...args: unknown[]): void;
  /** Settles with `{done: true, value | error}` when the answer is in, or `{done: false}` after `ms`. */
  wait(handle: number, ms: number): Promise<Settled>;
  /** Calls `callback(value)` when the answer is in. (Not named `then`: Pyodide would take the module for a promise.) */
  on_answer(handle: number, callback: (value: unknown) => void): void;
  /** Resolves at the next `notify()` or after `ms` (true if Stop was pressed meanwhile). */
  wait_signal(ms: number): Promise<boolean>;
  notify(): void;
  /** Stop was pressed: every wait ends now, so the waiting interpreter can take it. */
  interrupt(): void;
  now(): number;
  cpu_count(): number;
  /**
   * How many of the interpreters the hub booted ahead of this run (`prepare`) no process of
   * this interpreter has taken yet: a process started now gets a booted interpreter.
   */
  prepared(): number;
  /** The hub answered `warm`: `count` interpreters are booted and idle. */
  prepare(count: number): void;
  /** A child's trace record, sent at once so that a terminated child's work still shows. */
  trace(lane: string, kind: string, start: number, end: number, label?: string | null): void;
}

/**
 * `takeInterrupt` (the parent only) reports and clears a pending Stop. A waiting interpreter
 * must hear of Stop from its wait: if the interrupt were left for CPython to notice, it would
 * be raised in whatever Python code runs first when the wait ends, which is Pyodide's own
 * promise machinery, not the reader's program, and the program would never see it.
 */
export function createClient(endpoint: Endpoint, takeInterrupt: () => boolean = () => false) {
  let nextId = 1;
  let prepared = 0;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let signalled: Array<() => void> = [];
  // Waits for answers in progress, which Stop cuts short.
  let answerWaits: Array<() => void> = [];
  endpoint.addEventListener('message', (event: MessageEvent) => {
    const message = event.data as FromHub;
    if (message.kind === 'reply') {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      // JavaScript null would reach Python as `jsnull`; undefined becomes None.
      if (message.error !== undefined) waiter?.reject(new Error(message.error));
      else waiter?.resolve(message.value ?? undefined);
    }
  });
  const post = (op: Op, args: unknown[], id: number): void => {
    // Pickled bytes are cloned, never transferred: a view could be the interpreter's own memory.
    endpoint.postMessage({ kind: 'call', id, op, args } satisfies ToHub);
  };
  const answers = new Map<number, Promise<Settled>>();
  const client: ProcessClient = {
    call(op, ...args) {
      const id = nextId++;
      // The hub hands a new process a booted interpreter while it has one (hub-core.ts, spawn).
      if (op === 'spawn') prepared = Math.max(0, prepared - 1);
      answers.set(
        id,
        new Promise<unknown>((resolve, reject) => {
          pending.set(id, { resolve, reject });
          post(op, args, id);
        }).then(
          (value) => ({ done: true, value }),
          (error: unknown) => ({ done: true, error: String(error) }),
        ),
      );
      return id;
    },
    send(op, ...args) {
      post(op, args, 0);
    },
    wait(handle, ms) {
      const answer = answers.get(handle);
      if (!answer) return Promise.resolve({ done: true, error: `no pending call ${handle}` });
      let timer: ReturnType<typeof setTimeout> | undefined;
      let wake: () => void = () => {};
      // The answer is forgotten only once a wait has returned it: a wait that timed out
      // (or was cut short by Stop) leaves it for the next slice.
      return Promise.race([
        answer,
        new Promise<Settled>((resolve) => {
          wake = () => resolve({ done: false });
          timer = setTimeout(wake, ms);
          answerWaits.push(wake);
        }),
      ]).then((settled) => {
        clearTimeout(timer);
        answerWaits = answerWaits.filter((other) => other !== wake);
        if (settled.done) answers.delete(handle);
        return takeInterrupt() ? { ...settled, interrupted: true } : settled;
      });
    },
    on_answer(handle, callback) {
      const answer = answers.get(handle);
      answers.delete(handle);
      void answer?.then((settled) => {
        if (settled.error !== undefined) console.error(settled.error);
        try {
          callback(settled.value);
        } catch (error) {
          console.error('a process-layer callback failed', error);
        }
      });
    },
    wait_signal(ms) {
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        signalled.push(() => {
          clearTimeout(timer);
          resolve();
        });
      }).then(() => takeInterrupt());
    },
    notify() {
      const wake = signalled;
      signalled = [];
      for (const resolve of wake) resolve();
    },
    interrupt() {
      for (const wake of answerWaits) wake();
      client.notify();
    },
    now: absoluteNow,
    trace(lane, kind, start, end, label) {
      endpoint.postMessage({ kind: 'trace', events: [[lane, kind, start, end, label ?? null]] } satisfies ToHub);
    },
    cpu_count: () => globalThis.navigator?.hardwareConcurrency ?? 1,
    prepared: () => prepared,
    prepare(count) {
      prepared = count;
    },
  };
  return client;
}
