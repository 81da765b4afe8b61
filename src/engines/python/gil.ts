/**
 * The GIL of the site's green threads, kept in JavaScript so that every decision about who
 * runs next is plain, testable logic.
 *
 * Each green thread is a Python stack suspended with `run_sync(promise)`; the promises this
 * scheduler hands out are "you hold the GIL now" grants. The crucial property is that a
 * thread that becomes runnable (started, a lock handed to it, its sleep over) joins the
 * ready queue synchronously, even while another thread is running Python. Sleeps and
 * timeouts are deadlines checked whenever the scheduler is consulted, which includes the
 * running thread's switch-interval check, so a CPU-bound thread that never lets the
 * browser's event loop turn is still asked to drop the GIL for them, as in CPython.
 *
 * The main thread's asyncio event loop is a special guest: while `asyncio.run` waits, the
 * main stack is parked and the loop's due callbacks count as a ready "thread" too.
 */

export interface Grant {
  /** Why the thread runs again: start, turn, granted, done, timeout, deadlock, interrupt. */
  reason: string;
  /** When it became runnable, on the scheduler's clock: the GIL wait starts here. */
  readyAt: number;
}

export interface GilClock {
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  /** Runs `callback` in a task of its own, after the event loop's pending tasks. */
  soon?(callback: () => void): void;
}

/**
 * A hand-over takes effect in a microtask, so threads that only compute would never let the
 * worker's event loop turn (timers, messages from child processes, Stop). At least this
 * often (ms) a hand-over goes through a task of its own instead.
 */
export const EVENT_LOOP_TURN_MS = 5;

interface Ready {
  ident: number;
  reason: string;
  readyAt: number;
  /** Absent for the event loop's turn: nothing is resumed, the browser runs the callbacks. */
  resolve?: (grant: Grant) => void;
}

interface Blocked {
  lane: string;
  what: string;
  deadline: number | null;
  timer: unknown;
  resolve: (grant: Grant) => void;
}

/** The ready-queue entry for the event loop, distinct from every thread ident. */
export const LOOP = -1;

export class Gil {
  /** The thread allowed to run Python, or null when the GIL is free. */
  holder: number | null;
  switches = 0;
  private ready: Ready[] = [];
  private blocked = new Map<number, Blocked>();
  private live = new Set<number>();
  private last: number | null;
  /** Whether the main thread waits in `asyncio.run` (its loop's callbacks may take the GIL). */
  loopParked = false;
  private loopDue = new Map<number, number>();
  private nextDue = 1;
  private loopTimer: unknown = null;
  private report = '';
  private lastGrant: { entry: Ready; revoked: boolean } | null = null;
  private lastTurn = Number.NEGATIVE_INFINITY;
  constructor(
    private main: number,
    private clock: GilClock,
  ) {
    this.holder = main;
    this.last = main;
    this.live.add(main);
  }

  /** A new run: only the main thread exists, and it holds the GIL. */
  reset(): void {
    for (const entry of this.blocked.values()) this.clock.clearTimer(entry.timer);
    this.blocked.clear();
    this.ready = [];
    this.live = new Set([this.main]);
    this.holder = this.main;
    this.last = this.main;
    this.switches = 0;
    this.loopParked = false;
    this.loopDue.clear();
    this.report = '';
  }

  /** A started thread queues for the GIL at once; the promise resolves when it may run. */
  start(ident: number): Promise<Grant> {
    this.live.add(ident);
    return new Promise((resolve) => this.enqueue({ ident, reason: 'start', readyAt: this.clock.now(), resolve }));
  }

  /** A finished thread leaves, handing the GIL on if it held it. */
  exit(ident: number): void {
    this.live.delete(ident);
    if (this.holder === ident) this.release();
  }

  /**
   * The running thread waits (sleep, lock, join) and drops the GIL meanwhile. With a
   * timeout it becomes runnable again by itself; without one, only `wake` ends the wait.
   */
  block(ident: number, lane: string, what: string, timeoutMs: number | null): Promise<Grant> {
    const promise = new Promise<Grant>((resolve) => {
      const deadline = timeoutMs === null || timeoutMs < 0 ? null : this.clock.now() + timeoutMs;
      const entry: Blocked = { lane, what, deadline, timer: null, resolve };
      if (deadline !== null) {
        entry.timer = this.clock.setTimer(() => this.wake(ident, 'timeout'), Math.max(0, deadline - this.clock.now()));
      }
      this.blocked.set(ident, entry);
    });
    if (this.holder === ident) this.release();
    else this.checkDeadlock();
    return promise;
  }

  /** An event a blocked thread waited for happened: it becomes runnable. */
  wake(ident: number, reason: string): boolean {
    const entry = this.blocked.get(ident);
    if (!entry) return false;
    this.clock.clearTimer(entry.timer);
    this.blocked.delete(ident);
    this.enqueue({ ident, reason, readyAt: this.clock.now(), resolve: entry.resolve });
    return true;
  }

  /** Stop was pressed: a main thread that waits is woken so KeyboardInterrupt can reach it. */
  interrupt(): void {
    this.wake(this.main, 'interrupt');
  }

  /** Whether the running thread should give up the GIL: another thread is ready. */
  wantsTurn(ident: number): boolean {
    this.expire();
    this.queueLoopIfDue();
    return this.holder === ident && this.ready.length > 0;
  }

  /**
   * The switch-interval check of the running thread: if another thread is ready, it gets
   * the GIL and the caller queues behind it (the promise); otherwise the caller keeps running.
   */
  yieldTurn(ident: number): Promise<Grant> | undefined {
    this.expire();
    this.queueLoopIfDue();
    // undefined rather than null: it reaches Python as None.
    if (this.ready.length === 0 || this.holder !== ident) return undefined;
    const promise = new Promise<Grant>((resolve) =>
      this.ready.push({ ident, reason: 'turn', readyAt: this.clock.now(), resolve }),
    );
    this.release();
    return promise;
  }

  /**
   * The thread that yielded could not suspend after all (Pyodide refused the stack switch):
   * it keeps the GIL, and the thread it was handed to waits at the head of the queue again.
   */
  revokeTurn(ident: number): void {
    const grant = this.lastGrant;
    this.ready = this.ready.filter((entry) => entry.ident !== ident);
    if (grant && !grant.revoked && this.holder === grant.entry.ident) {
      grant.revoked = true;
      this.ready.unshift(grant.entry);
    }
    this.holder = ident;
    this.last = ident;
  }

  /** Takes the GIL if it is free (the promise is already resolved) or queues for it. */
  acquire(ident: number): Promise<Grant> {
    // An event-loop callback may already have taken the GIL for the main thread, or the
    // loop's turn (which is the main thread's) may be under way.
    if (this.holder === LOOP && ident === this.main) this.holder = ident;
    if (this.holder === ident) return Promise.resolve({ reason: 'granted', readyAt: this.clock.now() });
    return new Promise((resolve) => this.enqueue({ ident, reason: 'granted', readyAt: this.clock.now(), resolve }));
  }

  /** The main thread waits in `asyncio.run`: the GIL is free for threads and loop callbacks. */
  parkLoop(): void {
    this.loopParked = true;
    if (this.holder === this.main) this.release();
  }

  unparkLoop(): void {
    this.loopParked = false;
    this.ready = this.ready.filter((entry) => entry.ident !== LOOP);
  }

  /** asyncio scheduled a callback `delayMs` from now; returns an id for `loopDone`. */
  loopCallback(delayMs: number): number {
    const id = this.nextDue++;
    this.loopDue.set(id, this.clock.now() + Math.max(0, delayMs));
    return id;
  }

  /** The callback ran or was cancelled. */
  loopDone(id: number): void {
    this.loopDue.delete(id);
  }

  /** A loop callback is about to run in the main thread: it takes a free GIL. */
  enterLoop(): void {
    if (this.holder === null || this.holder === LOOP) this.holder = this.main;
    this.clock.clearTimer(this.loopTimer);
  }

  /** The callback returned: as a thread leaving select() would, the loop drops the GIL. */
  leaveLoop(): void {
    if (this.loopParked && this.holder === this.main) this.release();
  }

  /** Why the main thread was woken with reason "deadlock". */
  deadlockReport(): string {
    return this.report;
  }

  private enqueue(entry: Ready): void {
    if (this.holder === null) this.grant(entry);
    else this.ready.push(entry);
  }

  private release(): void {
    this.holder = null;
    this.expire();
    const next = this.ready.shift();
    if (next) this.grant(next);
    else this.checkDeadlock();
  }

  private grant(entry: Ready): void {
    if (entry.ident !== this.last) this.switches++;
    this.last = entry.ident;
    if (entry.resolve) {
      this.holder = entry.ident;
      // The grant takes effect in a microtask, which runs only once the thread giving up
      // the GIL has really suspended; until then a failed suspension can take it back.
      const grant = { entry, revoked: false };
      this.lastGrant = grant;
      const deliver = (): void => {
        if (!grant.revoked) entry.resolve?.({ reason: entry.reason, readyAt: entry.readyAt });
      };
      const now = this.clock.now();
      if (this.clock.soon && now - this.lastTurn >= EVENT_LOOP_TURN_MS) {
        this.lastTurn = now;
        this.clock.soon(deliver);
      } else {
        queueMicrotask(deliver);
      }
      return;
    }
    // The event loop's turn: its callbacks run once the browser's event loop turns, which
    // happens as soon as the thread that yielded has suspended. If none turns up (a
    // callback was cancelled, or timers fire late), the GIL must not stay with nobody.
    this.holder = LOOP;
    this.clock.clearTimer(this.loopTimer);
    this.loopTimer = this.clock.setTimer(() => {
      if (this.holder === LOOP) this.release();
    }, 4);
  }

  /** Ends expired sleeps and timeouts. */
  private expire(): void {
    const now = this.clock.now();
    for (const [ident, entry] of this.blocked) {
      if (entry.deadline !== null && entry.deadline <= now) this.wake(ident, 'timeout');
    }
  }

  /**
   * A running thread is asked whether it should yield: a due callback of the parked event
   * loop counts as a waiter then. (When nobody runs, the callbacks take the free GIL.)
   */
  private queueLoopIfDue(): void {
    const now = this.clock.now();
    if (!this.loopParked || this.holder === LOOP || this.ready.some((entry) => entry.ident === LOOP)) return;
    for (const due of this.loopDue.values()) {
      if (due <= now) {
        this.ready.push({ ident: LOOP, reason: 'loop', readyAt: now });
        return;
      }
    }
  }

  /** Every thread waits with no timeout and nothing can wake one: tell the main thread. */
  private checkDeadlock(): void {
    if (this.holder !== null || this.ready.length > 0 || this.loopParked) return;
    for (const ident of this.live) {
      const entry = this.blocked.get(ident);
      if (!entry || entry.deadline !== null) return;
    }
    if (!this.blocked.has(this.main)) return;
    const lines = ['Deadlock: every thread is waiting and none can ever wake the others.'];
    for (const ident of [...this.live].sort((a, b) => a - b)) {
      const entry = this.blocked.get(ident)!;
      lines.push(`  ${entry.lane} waits for ${entry.what}`);
    }
    this.report = lines.join('\n');
    this.wake(this.main, 'deadlock');
  }
}
