/**
 * The routes of `multiprocessing` managers, held by the process hub. A manager's server is
 * a child process like any other; CPython's proxies reach it over a socket, and here they
 * reach it through the hub instead: a call is put on a queue named after the server's
 * address (the server takes requests from it one at a time), and the server's reply goes
 * back to the caller that waits for it. The hub knows which process serves which address,
 * so a caller never waits for a server that has ended: it is answered at once with why.
 */

/** Why a call got no reply: no process serves that address (any more), or its server ended meanwhile. */
export type ManagerGone = 'no-server' | 'ended';

export type ManagerAnswer = Uint8Array | ManagerGone;

interface PendingCall {
  address: string;
  resolve(answer: ManagerAnswer): void;
}

export class ManagerRoutes {
  /** Server address to the pid of the process serving it. */
  readonly #servers = new Map<string, number>();
  readonly #pending = new Map<string, PendingCall>();
  readonly #deliver: (address: string, request: Uint8Array) => void;

  /** `deliver` puts a request on the queue the server at `address` reads. */
  constructor(deliver: (address: string, request: Uint8Array) => void) {
    this.#deliver = deliver;
  }

  /** The process `pid` now serves `address` (it takes requests from the queue of that name). */
  serve(address: string, pid: number): void {
    this.#servers.set(address, pid);
  }

  /** Hands `request` to the server at `address`; settles with its reply, or with why there is none. */
  call(address: string, callId: string, request: Uint8Array): ManagerAnswer | Promise<ManagerAnswer> {
    if (!this.#servers.has(address)) return 'no-server';
    return new Promise((resolve) => {
      this.#pending.set(callId, { address, resolve });
      this.#deliver(address, request);
    });
  }

  /** A server's reply to the call `callId`; a reply nobody waits for any more is dropped. */
  reply(callId: string, reply: Uint8Array): void {
    const call = this.#pending.get(callId);
    this.#pending.delete(callId);
    call?.resolve(reply);
  }

  /** The process `pid` ended: the addresses it served are gone, and calls still waiting on them end. */
  exited(pid: number): void {
    for (const [address, server] of this.#servers) {
      if (server === pid) this.#forget(address);
    }
  }

  /** The run ended: every server is gone. */
  clear(): void {
    for (const address of [...this.#servers.keys()]) this.#forget(address);
  }

  #forget(address: string): void {
    this.#servers.delete(address);
    for (const [callId, call] of this.#pending) {
      if (call.address !== address) continue;
      this.#pending.delete(callId);
      call.resolve('ended');
    }
  }
}
