/**
 * The GIL scheduler's decisions, without Python or a browser: a fake clock and timers
 * stand in for the worker's, and grants are observed as resolved promises.
 */
import { describe, expect, it } from 'vitest';
import { EVENT_LOOP_TURN_MS, Gil, LOOP, type Grant } from './gil';

function fakeClock() {
  let now = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  let next = 1;
  return {
    clock: {
      now: () => now,
      setTimer: (callback: () => void, ms: number) => {
        timers.set(next, { at: now + ms, callback });
        return next++;
      },
      clearTimer: (handle: unknown) => void timers.delete(handle as number),
    },
    advance(ms: number) {
      now += ms;
      for (const [id, timer] of [...timers]) {
        if (timer.at <= now) {
          timers.delete(id);
          timer.callback();
        }
      }
    },
  };
}

const MAIN = 1;
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function track(promise: Promise<Grant>) {
  const state: { grant?: Grant } = {};
  void promise.then((grant) => (state.grant = grant));
  return state;
}

describe('Gil', () => {
  it('queues a started thread at once and hands it the GIL when the holder blocks', async () => {
    const time = fakeClock();
    const gil = new Gil(MAIN, time.clock);
    const started = track(gil.start(2));
    expect(gil.holder).toBe(MAIN);
    void gil.block(MAIN, 'MainThread', 'a lock', null);
    expect(gil.holder).toBe(2);
    await flush();
    expect(started.grant?.reason).toBe('start');
  });

  it('asks a CPU-bound holder to yield only when another thread is ready', async () => {
    const time = fakeClock();
    const gil = new Gil(MAIN, time.clock);
    expect(gil.wantsTurn(MAIN)).toBe(false);
    expect(gil.yieldTurn(MAIN)).toBeUndefined();
    const other = track(gil.start(2));
    expect(gil.wantsTurn(MAIN)).toBe(true);
    const back = track(gil.yieldTurn(MAIN)!);
    await flush();
    expect(other.grant?.reason).toBe('start');
    expect(gil.holder).toBe(2);
    expect(gil.switches).toBe(1);
    // The thread that yielded is next in line.
    void gil.block(2, 'Thread-1', 'time.sleep', 10);
    await flush();
    expect(back.grant?.reason).toBe('turn');
  });

  it('ends a sleep by its deadline even when no timer could fire (the holder never yielded)', async () => {
    const time = fakeClock();
    const gil = new Gil(MAIN, time.clock);
    const sleeper = track(gil.start(2));
    void gil.block(MAIN, 'MainThread', 'a thread to finish (join)', null);
    await flush();
    expect(sleeper.grant).toBeDefined();
    const woke = track(gil.block(2, 'Thread-1', 'time.sleep', 5));
    // Main is woken (lock released) and runs; the sleeper's time passes while it computes.
    gil.wake(MAIN, 'done');
    expect(gil.holder).toBe(MAIN);
    expect(gil.wantsTurn(MAIN)).toBe(false);
    time.advance(0);
    expect(gil.wantsTurn(MAIN)).toBe(false);
    // The clock moves on without any timer callback running.
    (time.clock as { now: () => number }).now = () => 6;
    expect(gil.wantsTurn(MAIN)).toBe(true);
    void gil.yieldTurn(MAIN);
    await flush();
    expect(woke.grant?.reason).toBe('timeout');
  });

  it('reports a deadlock to the main thread, naming every waiting thread', async () => {
    const time = fakeClock();
    const gil = new Gil(MAIN, time.clock);
    track(gil.start(2));
    void gil.block(MAIN, 'MainThread', 'a thread to finish (join)', null);
    const main = track(gil.block(2, 'Thread-1', 'a lock at line 4, in worker', null));
    await flush();
    expect(main.grant).toBeUndefined();
    // Main's wait is the one that ends, with reason "deadlock".
    const report = gil.deadlockReport();
    expect(report).toContain('MainThread waits for a thread to finish (join)');
    expect(report).toContain('Thread-1 waits for a lock at line 4, in worker');
  });

  it('does not report a deadlock while a timed wait can still end', () => {
    const time = fakeClock();
    const gil = new Gil(MAIN, time.clock);
    void gil.start(2);
    void gil.block(MAIN, 'MainThread', 'a thread to finish (join)', null);
    void gil.block(2, 'Thread-1', 'time.sleep', 100);
    expect(gil.deadlockReport()).toBe('');
    time.advance(100);
    expect(gil.holder).toBe(2);
  });

  it('gives the parked event loop a turn when one of its callbacks is due', () => {
    const time = fakeClock();
    const gil = new Gil(MAIN, time.clock);
    void gil.start(2);
    gil.parkLoop();
    expect(gil.holder).toBe(2);
    gil.loopCallback(0);
    time.advance(1);
    expect(gil.wantsTurn(2)).toBe(true);
    void gil.yieldTurn(2);
    expect(gil.holder).toBe(LOOP);
    gil.enterLoop();
    expect(gil.holder).toBe(MAIN);
    gil.leaveLoop();
    expect(gil.holder).toBe(2);
  });

  it('lets a thread that could not suspend keep the GIL', async () => {
    const time = fakeClock();
    const gil = new Gil(MAIN, time.clock);
    const other = track(gil.start(2));
    void gil.yieldTurn(MAIN);
    gil.revokeTurn(MAIN);
    await flush();
    expect(gil.holder).toBe(MAIN);
    expect(other.grant).toBeUndefined();
    expect(gil.wantsTurn(MAIN)).toBe(true);
  });

  it('hands over in a microtask, but lets the event loop turn at least every few milliseconds', async () => {
    const time = fakeClock();
    const posted: Array<() => void> = [];
    const gil = new Gil(MAIN, { ...time.clock, soon: (callback) => posted.push(callback) });
    const OTHER = 2;
    // The first hand-over goes through a task of its own: the loop has not turned yet.
    const first = track(gil.start(OTHER));
    gil.block(MAIN, 'MainThread', 'a lock', null);
    await Promise.resolve();
    expect(first.grant).toBeUndefined();
    expect(posted).toHaveLength(1);
    posted.shift()!();
    await Promise.resolve();
    expect(first.grant?.reason).toBe('start');
    // Within the same few milliseconds, the next one is a microtask: no task is posted.
    time.advance(1);
    const back = track(gil.block(OTHER, 'Thread-1', 'a lock', null).then(() => ({ reason: 'x', readyAt: 0 })));
    void back;
    gil.wake(MAIN, 'released');
    await Promise.resolve();
    await Promise.resolve();
    expect(posted).toHaveLength(0);
    // After the turn interval, a task again.
    time.advance(EVENT_LOOP_TURN_MS);
    gil.start(3);
    gil.block(MAIN, 'MainThread', 'a join', null);
    expect(posted).toHaveLength(1);
  });
});
