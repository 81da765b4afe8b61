/**
 * Output leaving a worker goes out at once, so a line printed just before a long
 * computation reaches the page. Only a chatty loop (more than 50 writes in 30 ms) is
 * batched, to spare the page a flood of messages.
 */
import type { Stream } from './runtime';

export type Chunk = [Stream, string];

export function createOutputBatcher(send: (chunks: Chunk[]) => void): {
  write(stream: Stream, text: string): void;
  flush(): void;
} {
  let pending: Chunk[] = [];
  let windowStart = performance.now();
  let writesInWindow = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    const chunks = pending;
    pending = [];
    send(chunks);
  };
  const write = (stream: Stream, text: string): void => {
    const now = performance.now();
    if (now - windowStart > 30) {
      windowStart = now;
      writesInWindow = 0;
    }
    writesInWindow += 1;
    pending.push([stream, text]);
    if (writesInWindow <= 50 || pending.length >= 500) flush();
    else timer ??= setTimeout(flush, 30);
  };
  return { write, flush };
}
