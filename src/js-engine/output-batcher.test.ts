import { describe, expect, it } from 'vitest';
import { createOutputBatcher, type Chunk } from './output-batcher';

describe('output batcher', () => {
  it('sends the first writes at once', () => {
    const sent: Chunk[][] = [];
    const batcher = createOutputBatcher((chunks) => sent.push(chunks));
    batcher.write('stdout', 'a\n');
    batcher.write('stderr', 'b\n');
    expect(sent).toEqual([[['stdout', 'a\n']], [['stderr', 'b\n']]]);
  });

  it('batches a flood and loses nothing', async () => {
    const sent: Chunk[][] = [];
    const batcher = createOutputBatcher((chunks) => sent.push(chunks));
    for (let i = 0; i < 1000; i += 1) batcher.write('stdout', `${i}\n`);
    await new Promise((resolve) => setTimeout(resolve, 60));
    batcher.flush();
    expect(sent.length).toBeLessThan(100);
    expect(
      sent
        .flat()
        .map(([, text]) => text)
        .join(''),
    ).toBe(Array.from({ length: 1000 }, (_, i) => `${i}\n`).join(''));
  });
});
