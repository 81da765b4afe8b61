import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createOutputRing, ringReader, ringWriter } from './output-ring';

const text = (chunks: Array<[string, string]>): string => chunks.map(([, value]) => value).join('');

describe('output ring', () => {
  it('delivers records in order, joining neighbours of one stream', () => {
    const ring = createOutputRing(1024);
    const write = ringWriter(ring);
    const reader = ringReader(ring);
    write('stdout', 'a\n');
    write('stdout', 'b\n');
    write('stderr', 'oops\n');
    write('stdout', 'c');
    expect(reader.drain()).toEqual([
      ['stdout', 'a\nb\n'],
      ['stderr', 'oops\n'],
      ['stdout', 'c'],
    ]);
    expect(reader.drain()).toEqual([]);
  });

  it('wraps around the end of the buffer and keeps multi-byte characters whole', () => {
    const ring = createOutputRing(256);
    const write = ringWriter(ring);
    const reader = ringReader(ring);
    let expected = '';
    let seen = '';
    for (let round = 0; round < 200; round += 1) {
      const line = `${round} ünïcödé 🐍 ${'x'.repeat(round % 17)}\n`;
      expected += line;
      write('stdout', line);
      seen += text(reader.drain());
    }
    expect(seen).toBe(expected);
  });

  it('splits a text longer than the ring without cutting a surrogate pair', () => {
    const ring = createOutputRing(400);
    const long = '🐍'.repeat(500);
    let seen = '';
    const write = ringWriter(ring, {
      // On one thread nobody else can read while the writer waits, so the "page" reads here.
      waitForRoom: () => (seen += text(reader.drain())),
    });
    const reader = ringReader(ring);
    write('stdout', long);
    seen += text(reader.drain());
    expect(seen).toBe(long);
  });

  it('makes a writer on another thread wait for the reader instead of dropping output', async () => {
    const ring = createOutputRing(4096);
    const reader = ringReader(ring);
    // The worker writes 2 MB, far more than the ring holds, as fast as it can.
    const url = new URL('./output-ring.ts', import.meta.url).href;
    const worker = new Worker(
      `import(${JSON.stringify(url)}).then(({ ringWriter }) => {
         const { workerData, parentPort } = require('node:worker_threads');
         const write = ringWriter(workerData);
         for (let i = 0; i < 20000; i += 1) write(i % 3 ? 'stdout' : 'stderr', 'line ' + i + ' ' + 'y'.repeat(80) + '\\n');
         parentPort.postMessage('done');
       });`,
      { eval: true, workerData: ring },
    );
    const finished = new Promise<void>((resolve, reject) => {
      worker.on('message', (message) => message === 'done' && resolve());
      worker.on('error', reject);
    });
    let collected = '';
    const stop = reader.watch((chunks) => (collected += text(chunks)));
    await finished;
    stop();
    collected += text(reader.drain());
    await worker.terminate();
    const lines = collected.split('\n').filter(Boolean);
    expect(lines).toHaveLength(20000);
    expect(lines.every((line, index) => line.startsWith(`line ${index} `))).toBe(true);
  });
});
