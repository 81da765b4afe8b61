/**
 * Messages between the process hub and the interpreters it serves (the parent and every
 * child process). Everything goes through the small `Endpoint` interface, which a Worker,
 * a worker's global scope and a MessagePort all satisfy, so the hub is tested over a
 * MessageChannel without a browser.
 */

import type { ManagerAnswer } from './managers';

export interface Endpoint {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

/** A trace record in absolute time (`performance.timeOrigin + performance.now()`). */
export type AbsoluteEvent = [lane: string, kind: string, start: number, end: number, label: string | null];

export type OutStream = 'stdout' | 'stderr';

/** The operations any interpreter may ask of the hub; each call gets exactly one reply. */
export interface HubOps {
  /** Starts a child process; answers its pid at once, before the child runs. */
  spawn(spec: SpawnSpec): number;
  /** Waits for a child to end (or the timeout, in ms): its exit code, or null if still running. */
  join(pid: number, timeoutMs: number | null): number | null;
  poll(pid: number): number | null;
  /** Answers once the child's interpreter has booted and started running its program. */
  started(pid: number): null;
  /** Ends a child's worker at once, as SIGTERM (-15) or SIGKILL (-9) end a process. */
  terminate(pid: number, exitcode: number): null;
  q_put(qid: string, item: Uint8Array): null;
  /** The next item, or null when the timeout (ms) passes first. */
  q_get(qid: string, timeoutMs: number | null): Uint8Array | null;
  q_size(qid: string): number;
  q_task_done(qid: string): null;
  q_join(qid: string): null;
  sab_put(id: string, buffer: SharedArrayBuffer): null;
  sab_get(id: string): SharedArrayBuffer | null;
  /** Boots interpreters ahead of need; answers, once they are ready, how many are booted and idle. */
  warm(count: number): number;
  /** Ends every child still running and hands back the run's trace. */
  end_run(): AbsoluteEvent[];
  cpu_count(): number;
  /** Process `pid` is a manager's server, taking requests from the queue named `address`. */
  mgr_serve(address: string, pid: number): null;
  /** A request for the manager at `address`: the server's pickled reply, or why there is none. */
  mgr_call(address: string, callId: string, request: Uint8Array): ManagerAnswer;
  /** A manager server's reply to the call `callId`. */
  mgr_reply(callId: string, reply: Uint8Array): null;
}

export interface SpawnSpec {
  name: string;
  /** The reader's program, run again in the child as `__mp_main__` (spawn semantics). */
  source: string;
  /** Pickled `(process object or target, args, kwargs)`. */
  payload: Uint8Array;
  daemon: boolean;
  parentPid: number;
  /** A queue on which the hub reports this process's end (pools notice a dead worker so). */
  exitQueue?: string | null;
}

export type Op = keyof HubOps;

export type ToHub =
  | { kind: 'call'; id: number; op: Op; args: unknown[] }
  | { kind: 'ready' }
  | { kind: 'out'; pid: number; stream: OutStream; text: string }
  | { kind: 'trace'; events: AbsoluteEvent[] }
  | { kind: 'exit'; pid: number; exitcode: number; error?: string | null };

export type FromHub =
  | { kind: 'reply'; id: number; value?: unknown; error?: string }
  | {
      kind: 'start';
      pid: number;
      name: string;
      source: string;
      payload: Uint8Array;
      parentPid: number;
      sabs: Array<[string, SharedArrayBuffer]>;
      cpuCount: number;
    };

/** The mark on the lane of a child that was still running when its program ended. */
export const ENDED_WITH_RUN = 'ended with the run';

/** The absolute clock shared by every worker of the page (each has its own timeOrigin). */
export function absoluteNow(): number {
  return performance.timeOrigin + performance.now();
}
