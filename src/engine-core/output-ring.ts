/**
 * The output of a run travels from the workers that print it to the page through one ring
 * buffer in a SharedArrayBuffer, so that no printed line can be lost or arrive late:
 *
 * - Writing is synchronous and ordered. Whatever a worker wrote before it answered "the run
 *   is over" is already in the ring when the page reads that answer, so the page drains the
 *   ring and only then shows the run as finished. (Output sent as messages on a port other
 *   than the answer's could arrive after it, and was dropped.)
 * - The page can read the ring even when the worker is stuck in a loop or is about to be
 *   terminated, so output printed before a Stop or a crash is drained, never thrown away.
 * - Several producers may write (an interpreter's worker and the process hub that forwards
 *   its children's output); a small lock keeps records whole and in one order.
 * - Nothing waits on timers: a writer rings a bell (an Atomics.notify the page awaits with
 *   Atomics.waitAsync), and the page drains everything written so far at once.
 *
 * Layout: a header of Int32 words (write position, read position, writer lock, bell), then
 * `capacity` bytes of records `[stream: u8][length: u32 little-endian][UTF-8 bytes]`.
 * Positions grow without bound modulo 2^32; their difference is the bytes in use.
 */
import type { Stream } from './streams';

const WRITE = 0;
const READ = 1;
const LOCK = 2;
const BELL = 3;
const HEADER_BYTES = 16;
const RECORD_HEADER = 5;
const STREAMS: readonly Stream[] = ['stdout', 'stderr', 'info'];

/** Room for about a megabyte of output between two reads by the page. */
export const OUTPUT_RING_BYTES = 1 << 20;

export type Chunk = [Stream, string];

/** A new, empty ring; hand its buffer to every producer and to one reader. */
export function createOutputRing(capacity = OUTPUT_RING_BYTES): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER_BYTES + capacity);
}

interface RingView {
  header: Int32Array;
  data: Uint8Array;
  capacity: number;
}

function view(buffer: SharedArrayBuffer): RingView {
  const data = new Uint8Array(buffer, HEADER_BYTES);
  return { header: new Int32Array(buffer, 0, HEADER_BYTES / 4), data, capacity: data.length };
}

export interface RingWriterOptions {
  /**
   * Blocks until the page has read something, or `ms` pass. Workers use Atomics.wait; the
   * default does so too, and only a test on one thread needs another.
   */
  waitForRoom?: (header: Int32Array, read: number, ms: number) => void;
}

/**
 * The producer's side: `write(stream, text)` appends a record, waiting (never dropping) if
 * the page has not yet read the last megabyte. Call only from a worker, which may block.
 */
export function ringWriter(
  buffer: SharedArrayBuffer,
  options: RingWriterOptions = {},
): (stream: Stream, text: string) => void {
  const { header, data, capacity } = view(buffer);
  const encoder = new TextEncoder();
  const waitForRoom = options.waitForRoom ?? ((words, read, ms) => Atomics.wait(words, READ, read, ms));
  // A record never fills more than a quarter of the ring, so a long text goes in pieces.
  const maxPayload = Math.floor(capacity / 4) - RECORD_HEADER;

  const lock = (): void => {
    while (Atomics.compareExchange(header, LOCK, 0, 1) !== 0) Atomics.wait(header, LOCK, 1, 5);
  };
  const unlock = (): void => {
    Atomics.store(header, LOCK, 0);
    Atomics.notify(header, LOCK, 1);
  };
  const copyIn = (at: number, bytes: Uint8Array): void => {
    const offset = at % capacity;
    const first = Math.min(bytes.length, capacity - offset);
    data.set(bytes.subarray(0, first), offset);
    if (first < bytes.length) data.set(bytes.subarray(first), 0);
  };
  const append = (streamId: number, bytes: Uint8Array): void => {
    const size = RECORD_HEADER + bytes.length;
    for (;;) {
      lock();
      const write = Atomics.load(header, WRITE) >>> 0;
      const read = Atomics.load(header, READ) >>> 0;
      if (capacity - ((write - read) >>> 0) >= size) {
        const head = new Uint8Array(RECORD_HEADER);
        head[0] = streamId;
        new DataView(head.buffer).setUint32(1, bytes.length, true);
        copyIn(write, head);
        copyIn(write + RECORD_HEADER, bytes);
        Atomics.store(header, WRITE, (write + size) | 0);
        unlock();
        if (Atomics.exchange(header, BELL, 1) === 0) Atomics.notify(header, BELL);
        return;
      }
      unlock();
      // The page has not caught up: ring the bell again and wait for it to read.
      Atomics.store(header, BELL, 1);
      Atomics.notify(header, BELL);
      waitForRoom(header, read | 0, 50);
    }
  };
  const pieces = (text: string): string[] => {
    // Each UTF-16 unit is at most 3 UTF-8 bytes; never cut a surrogate pair in two.
    const most = Math.max(1, Math.floor(maxPayload / 3));
    const result: string[] = [];
    for (let start = 0; start < text.length;) {
      let end = Math.min(text.length, start + most);
      const code = text.charCodeAt(end - 1);
      if (end < text.length && code >= 0xd800 && code <= 0xdbff) end -= 1;
      result.push(text.slice(start, end));
      start = end;
    }
    return result;
  };
  return (stream, text) => {
    if (text === '') return;
    const streamId = STREAMS.indexOf(stream);
    for (const piece of text.length * 3 > maxPayload ? pieces(text) : [text]) {
      append(streamId, encoder.encode(piece));
    }
  };
}

export interface RingReader {
  /** Reads every record written so far, in order; adjacent records of a stream are joined. */
  drain(): Chunk[];
  /**
   * Calls `onChunks` whenever something is written, until the returned function is called.
   * Uses Atomics.waitAsync where the browser has it and a short timer otherwise.
   */
  watch(onChunks: (chunks: Chunk[]) => void): () => void;
}

/** The page's side: the one reader of a ring. */
export function ringReader(buffer: SharedArrayBuffer): RingReader {
  const { header, data, capacity } = view(buffer);
  const decoder = new TextDecoder();
  const copyOut = (at: number, length: number): Uint8Array => {
    const result = new Uint8Array(length);
    const offset = at % capacity;
    const first = Math.min(length, capacity - offset);
    result.set(data.subarray(offset, offset + first), 0);
    if (first < length) result.set(data.subarray(0, length - first), first);
    return result;
  };
  const drain = (): Chunk[] => {
    // The bell is lowered before reading, so a record written after this read rings again.
    Atomics.store(header, BELL, 0);
    const write = Atomics.load(header, WRITE) >>> 0;
    let read = Atomics.load(header, READ) >>> 0;
    const chunks: Chunk[] = [];
    while (read !== write) {
      const head = copyOut(read, RECORD_HEADER);
      const length = new DataView(head.buffer).getUint32(1, true);
      const stream = STREAMS[head[0] ?? 0] ?? 'stdout';
      const text = decoder.decode(copyOut(read + RECORD_HEADER, length));
      const last = chunks.at(-1);
      if (last && last[0] === stream) last[1] += text;
      else chunks.push([stream, text]);
      read = (read + RECORD_HEADER + length) >>> 0;
    }
    Atomics.store(header, READ, read | 0);
    Atomics.notify(header, READ);
    return chunks;
  };
  const watch = (onChunks: (chunks: Chunk[]) => void): (() => void) => {
    let active = true;
    const deliver = (): void => {
      const chunks = drain();
      if (chunks.length > 0) onChunks(chunks);
    };
    const waitAsync = (
      Atomics as unknown as {
        waitAsync?: (array: Int32Array, index: number, value: number) => { async: boolean; value: unknown };
      }
    ).waitAsync;
    if (typeof waitAsync !== 'function') {
      const timer = setInterval(deliver, 20);
      return () => clearInterval(timer);
    }
    const loop = async (): Promise<void> => {
      while (active) {
        deliver();
        const waited = waitAsync(header, BELL, 0);
        if (waited.async) await (waited.value as Promise<string>);
      }
    };
    void loop();
    return () => {
      active = false;
      // Wakes the pending wait so the loop can see it should end.
      Atomics.notify(header, BELL);
    };
  };
  return { drain, watch };
}
