/**
 * The process hub and its client, over MessageChannels: fake children stand in for the
 * interpreters, so the protocol (spawn, join, queues, exits, output, the warm pool) is
 * tested without a browser.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type ProcessClient } from './client';
import { exitNotice, Hub } from './hub-core';
import { linePrefixer } from './line-prefix';
import type { FromHub, ToHub } from './protocol';

interface FakeChild {
  port: MessagePort;
  starts: Array<Extract<FromHub, { kind: 'start' }>>;
  terminated: boolean;
}

const ports: MessagePort[] = [];
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

function channel(): [MessagePort, MessagePort] {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  return [port1, port2];
}

/** A hub whose children are MessagePorts; each fake child says it is ready at once. */
function setup(options: { bootDelay?: number } = {}) {
  const children: FakeChild[] = [];
  const [parentSide, hubSide] = channel();
  const output: string[] = [];
  const hub = new Hub(hubSide, {
    output: (_stream, text) => output.push(text),
    cpuCount: 4,
    createChild() {
      const [hubEnd, childEnd] = channel();
      const child: FakeChild = { port: childEnd, starts: [], terminated: false };
      childEnd.addEventListener('message', (event: MessageEvent) => {
        const message = event.data as FromHub;
        if (message.kind === 'start') child.starts.push(message);
      });
      childEnd.start();
      setTimeout(() => childEnd.postMessage({ kind: 'ready' } satisfies ToHub), options.bootDelay ?? 0);
      children.push(child);
      return { endpoint: hubEnd, terminate: () => (child.terminated = true) };
    },
  });
  hubSide.start();
  const client = createClient(parentSide);
  parentSide.start();
  return { hub, client, children, output };
}

async function answer(client: ProcessClient, op: Parameters<ProcessClient['call']>[0], ...args: unknown[]) {
  const settled = await client.wait(client.call(op, ...args), 5_000);
  if (settled.error) throw new Error(settled.error);
  return settled.value;
}

const until = async (condition: () => boolean): Promise<void> => {
  for (let tries = 0; tries < 200 && !condition(); tries += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
};

const spec = (name: string, exitQueue: string | null = null) => ({
  name,
  source: 'print(1)',
  payload: new Uint8Array([128, 5, 1, 2, 3]),
  daemon: false,
  parentPid: 42,
  exitQueue,
});

describe('the process hub', () => {
  it('starts a child with the program and the pickled payload, and reports its exit to join', async () => {
    const { client, children } = setup();
    const pid = (await answer(client, 'spawn', spec('Process-1'))) as number;
    await until(() => children[0]?.starts.length === 1);
    const start = children[0]!.starts[0]!;
    expect(start).toMatchObject({ pid, name: 'Process-1', source: 'print(1)', parentPid: 42 });
    expect([...start.payload]).toEqual([128, 5, 1, 2, 3]);
    expect(await answer(client, 'join', pid, 0)).toBeUndefined();
    const joined = client.wait(client.call('join', pid, null), 5_000);
    children[0]!.port.postMessage({ kind: 'exit', pid, exitcode: 3 } satisfies ToHub);
    expect((await joined).value).toBe(3);
    // A process never reuses an interpreter: its worker, idle once the process said it ended, is
    // ended with the run (or sooner, once more idle ones wait than there are cores).
    expect(children[0]!.terminated).toBe(false);
    expect(await answer(client, 'end_run')).toEqual(expect.any(Array));
    expect(children[0]!.terminated).toBe(true);
  });

  it('keeps at most as many idle ended interpreters as there are cores, ending the oldest first', async () => {
    const { client, children } = setup();
    const pids: number[] = [];
    for (let index = 0; index < 5; index += 1) pids.push((await answer(client, 'spawn', spec(`P-${index}`))) as number);
    await until(() => children.length === 5 && children.every((child) => child.starts.length === 1));
    for (const [index, pid] of pids.entries()) {
      children[index]!.port.postMessage({ kind: 'exit', pid, exitcode: 0 } satisfies ToHub);
      expect(await answer(client, 'join', pid, null)).toBe(0);
    }
    // Five ended with four cores: the first one's worker is ended at once, the others with the run.
    expect(children.map((child) => child.terminated)).toEqual([true, false, false, false, false]);
    await answer(client, 'end_run');
    expect(children.every((child) => child.terminated)).toBe(true);
  });

  it('gives every process its own pid and labels forwarded output with the process name', async () => {
    const { client, children, output } = setup();
    const first = (await answer(client, 'spawn', spec('Process-1'))) as number;
    const second = (await answer(client, 'spawn', spec('Process-2'))) as number;
    expect(first).not.toBe(second);
    await until(() => children.length === 2 && children.every((child) => child.starts.length === 1));
    children[1]!.port.postMessage({ kind: 'out', pid: second, stream: 'stdout', text: 'hi\n' } satisfies ToHub);
    await until(() => output.length === 1);
    expect(output).toEqual(['hi\n']);
  });

  it('delivers each queue item exactly once, in order, to whichever process asks', async () => {
    const { client } = setup();
    const items = Array.from({ length: 20 }, (_, index) => new Uint8Array([index]));
    const gets = Array.from({ length: 10 }, () => client.call('q_get', 'q-1', null));
    for (const item of items) client.send('q_put', 'q-1', item);
    const received: number[] = [];
    for (const handle of gets) received.push(...((await client.wait(handle, 5_000)).value as Uint8Array));
    for (let index = 0; index < 10; index += 1) {
      received.push(...((await answer(client, 'q_get', 'q-1', null)) as Uint8Array));
    }
    expect(received).toEqual(items.map((item) => item[0]));
    expect(await answer(client, 'q_size', 'q-1')).toBe(0);
  });

  it('answers a queue read with nothing when its timeout passes first', async () => {
    const { client } = setup();
    const started = performance.now();
    expect(await answer(client, 'q_get', 'empty', 50)).toBeUndefined();
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('keeps an answer for the next wait when a wait times out first', async () => {
    const { client } = setup();
    const handle = client.call('q_get', 'later', null);
    expect((await client.wait(handle, 20)).done).toBe(false);
    client.send('q_put', 'later', new Uint8Array([7]));
    const settled = await client.wait(handle, 5_000);
    expect(settled.done).toBe(true);
    expect([...(settled.value as Uint8Array)]).toEqual([7]);
  });

  it('reports a process end on its exit queue, so a pool notices a dead worker', async () => {
    const { client, children } = setup();
    const pid = (await answer(client, 'spawn', spec('SpawnPoolWorker-1', 'results'))) as number;
    await until(() => children[0]?.starts.length === 1);
    children[0]!.port.postMessage({ kind: 'exit', pid, exitcode: 1, error: 'RuntimeError: boom\n' } satisfies ToHub);
    const notice = (await answer(client, 'q_get', 'results', null)) as Uint8Array;
    expect(notice[0]).toBe(0);
    expect(JSON.parse(new TextDecoder().decode(notice.subarray(1)))).toEqual({
      name: 'SpawnPoolWorker-1',
      pid,
      exitcode: 1,
      error: 'RuntimeError: boom\n',
    });
    expect([...exitNotice({ name: 'x', pid: 1, exitcode: 0, error: null }).subarray(0, 2)]).toEqual([0, 123]);
  });

  it('terminates a child with -15, and ends every child still running when the run ends', async () => {
    const { client, children } = setup();
    const first = (await answer(client, 'spawn', spec('Process-1'))) as number;
    await answer(client, 'spawn', spec('Process-2'));
    await until(() => children.length === 2 && children.every((child) => child.starts.length === 1));
    client.send('terminate', first, -15);
    expect(await answer(client, 'join', first, null)).toBe(-15);
    const events = (await answer(client, 'end_run')) as Array<[string, string]>;
    expect(children.every((child) => child.terminated)).toBe(true);
    const lanesOf = (kind: string) =>
      events
        .filter(([, other]) => other === kind)
        .map(([lane]) => lane)
        .toSorted();
    expect(lanesOf('spawn')).toEqual(['Process-1', 'Process-2']);
    expect(lanesOf('mark')).toEqual(['Process-1', 'Process-2']);
  });

  it('boots as many interpreters as the busiest run used when the next run asks, and hands them out warm', async () => {
    const { client, children } = setup();
    const pids = [];
    for (const name of ['Process-1', 'Process-2']) pids.push((await answer(client, 'spawn', spec(name))) as number);
    await until(() => children.filter((child) => child.starts.length === 1).length === 2);
    for (const [index, pid] of pids.entries()) {
      children[index]!.port.postMessage({ kind: 'exit', pid, exitcode: 0 } satisfies ToHub);
    }
    await answer(client, 'end_run');
    // Nothing boots between runs: booting would compete with whatever the reader runs next.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(children).toHaveLength(2);
    // The answer counts the booted, idle interpreters; the client keeps that stock and counts
    // each process it starts against it, so a pool knows its workers will start at once.
    expect(client.prepared()).toBe(0);
    client.prepare((await answer(client, 'warm', 1)) as number);
    expect(children).toHaveLength(4);
    expect(client.prepared()).toBe(2);
    await answer(client, 'spawn', spec('Process-3'));
    expect(client.prepared()).toBe(1);
    await until(() => children[2]!.starts.length === 1);
    const events = (await answer(client, 'end_run')) as Array<[string, string, number, number, string]>;
    const spawn = events.find(([lane, kind]) => lane === 'Process-3' && kind === 'spawn');
    expect(spawn?.[4]).toBe('warm interpreter');
  });
});

describe('linePrefixer', () => {
  it('labels each line once, however the text was split', () => {
    const prefix = linePrefixer(() => '[P-1] ');
    expect(prefix('a') + prefix('b\nc') + prefix('\n') + prefix('d\n\ne\n')).toBe(
      '[P-1] ab\n[P-1] c\n[P-1] d\n[P-1] \n[P-1] e\n',
    );
  });
});

describe('manager routes in the process hub', () => {
  const bytes = (...values: number[]) => new Uint8Array(values);

  /** A hub with one started child, which will serve a manager over its own client. */
  async function withServer() {
    const context = setup();
    const pid = (await answer(context.client, 'spawn', spec('SyncManager-1'))) as number;
    await until(() => context.children[0]?.starts.length === 1);
    const server = createClient(context.children[0]!.port);
    return { ...context, pid, server };
  }

  it("hands a call to the process serving the address, and the server's reply to the caller", async () => {
    const { client, pid, server } = await withServer();
    await answer(server, 'mgr_serve', 'listener-1', pid);
    const call = client.call('mgr_call', 'listener-1', 'call-1', bytes(1, 2, 3));
    // The server takes requests from the queue named after its address, one at a time.
    expect([...((await answer(server, 'q_get', 'listener-1', null)) as Uint8Array)]).toEqual([1, 2, 3]);
    server.send('mgr_reply', 'call-1', bytes(9));
    expect([...((await client.wait(call, 5_000)).value as Uint8Array)]).toEqual([9]);
  });

  it('gives each caller its own reply, whatever order the server answers in', async () => {
    const { client, pid, server, children } = await withServer();
    const other = createClient(children[0]!.port);
    await answer(server, 'mgr_serve', 'listener-1', pid);
    const first = client.call('mgr_call', 'listener-1', 'call-a', bytes(1));
    const second = other.call('mgr_call', 'listener-1', 'call-b', bytes(2));
    await answer(server, 'q_get', 'listener-1', null);
    await answer(server, 'q_get', 'listener-1', null);
    server.send('mgr_reply', 'call-b', bytes(20));
    server.send('mgr_reply', 'call-a', bytes(10));
    expect([...((await client.wait(first, 5_000)).value as Uint8Array)]).toEqual([10]);
    expect([...((await other.wait(second, 5_000)).value as Uint8Array)]).toEqual([20]);
  });

  it('answers at once when no process serves the address', async () => {
    const { client } = setup();
    expect(await answer(client, 'mgr_call', 'listener-nowhere', 'call-1', bytes(1))).toBe('no-server');
  });

  it('ends the calls waiting on a server when its process exits; later calls find no server', async () => {
    const { client, pid, server, children } = await withServer();
    await answer(server, 'mgr_serve', 'listener-1', pid);
    const waiting = client.call('mgr_call', 'listener-1', 'call-1', bytes(1));
    await answer(server, 'q_get', 'listener-1', null);
    children[0]!.port.postMessage({ kind: 'exit', pid, exitcode: 0 } satisfies ToHub);
    expect((await client.wait(waiting, 5_000)).value).toBe('ended');
    expect(await answer(client, 'mgr_call', 'listener-1', 'call-2', bytes(2))).toBe('no-server');
  });

  it('ends the calls still waiting when the run ends', async () => {
    const { client, pid, server } = await withServer();
    await answer(server, 'mgr_serve', 'listener-1', pid);
    const waiting = client.call('mgr_call', 'listener-1', 'call-1', bytes(1));
    await answer(client, 'end_run');
    expect((await client.wait(waiting, 5_000)).value).toBe('ended');
    expect(await answer(client, 'mgr_call', 'listener-1', 'call-2', bytes(2))).toBe('no-server');
  });
});
