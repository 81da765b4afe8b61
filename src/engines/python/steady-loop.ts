/**
 * Keeps Chromium from throwing away its optimised code for CPython's evaluation loop
 * (`_PyEval_EvalFrameDefault`), and for CPython's other long functions, in the middle of a
 * reader's program, by a small change to the interpreter's WebAssembly bytes before they are
 * compiled.
 *
 * Why: V8 optimises the loop by inlining the small C functions it calls, and it guesses the
 * targets of their calls through type slots (`tp_getattro`, `sq_contains`, `vectorcall`...)
 * from what it saw while the page booted. A program that meets a new kind of object (the
 * first thread start does) makes a guess fail: V8 "deoptimises", the frame that was running
 * continues in slow baseline code until it returns, and the 79 KB loop is compiled again on
 * another thread (140–900 ms). On a fresh page these misses fell at the program's start or
 * at its first thread start, so the same program measured threads 0.6× to 2.1× as long as
 * sequential code, against about 1.0× in CPython (`scripts/bench/deopts.mjs` shows them).
 *
 * V8 builds a function without deoptimisation points once it meets legacy exception
 * handling (a `catch` of a tag) in it: it still inlines the targets it guessed, but keeps a
 * generic call for any other target, so a wrong guess costs one slower call and the optimised
 * code stays (`CatchException` in V8's `src/wasm/turboshaft-graph-interface.cc`; Chromium 156
 * here, with `--trace-wasm-inlining`, says so for this function). The body is read in order,
 * so this puts a block that never runs at the start of the loop's body, and of every function
 * too long for V8 to inline (see steadyLoop):
 * `if (0) { try { throw tag(0...) } catch tag { drop... } }`. What the functions do does not
 * change; only how V8 compiles them. Measured on fresh pages, a mix of CPU-bound work (fib,
 * pickling, json, str, dict, sorting) ran 6 % faster with the long functions changed than
 * with the loop alone, and no part of it slower beyond noise.
 */

/** The function whose optimised code must stay: CPython's bytecode evaluation loop. */
export const EVAL_LOOP = '_PyEval_EvalFrameDefault';

/** Why a module could not be changed; the page then compiles it as it is. */
export class SteadyLoopError extends Error {
  override name = 'SteadyLoopError';
}

const SECTION = { type: 1, import: 2, export: 7, code: 10, tag: 13 } as const;
const KIND = { function: 0, table: 1, memory: 2, global: 3, tag: 4 } as const;
/** A zero of each number type a tag may carry, as a constant instruction. */
const ZERO: Record<number, number[]> = {
  0x7f: [0x41, 0x00], // i32.const 0
  0x7e: [0x42, 0x00], // i64.const 0
  0x7d: [0x43, 0, 0, 0, 0], // f32.const 0
  0x7c: [0x44, 0, 0, 0, 0, 0, 0, 0, 0], // f64.const 0
};

function leb(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    bytes.push(byte);
  } while (value > 0);
  return bytes;
}

/** A cursor over the module's bytes that reads what this change needs and skips the rest. */
class Reader {
  at = 8;
  readonly bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }

  byte(): number {
    if (this.at >= this.bytes.length) throw new SteadyLoopError('the module ends too early');
    return this.bytes[this.at++] as number;
  }

  /** An unsigned LEB128 number (u32 or u64, as a JavaScript number). */
  u(): number {
    let value = 0;
    let scale = 1;
    let byte: number;
    do {
      byte = this.byte();
      value += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte & 0x80);
    return value;
  }

  name(): string {
    const length = this.u();
    this.at += length;
    return new TextDecoder().decode(this.bytes.subarray(this.at - length, this.at));
  }

  limits(): void {
    const flags = this.u();
    this.u();
    if (flags & 1) this.u();
  }

  /** Skips a value type: one byte, or a reference type with its heap type. */
  valueType(): void {
    const type = this.byte();
    if (type === 0x63 || type === 0x64) this.u();
  }
}

interface Layout {
  /** Each function type's parameter types (number types only; others are -1). */
  params: number[][];
  /** Each tag's function type, imported tags first, as in the tag index space. */
  tags: number[];
  importedFunctions: number;
  loopIndex: number | null;
  code: { sizeAt: number; start: number; end: number } | null;
}

function readLayout(bytes: Uint8Array, functionName: string): Layout {
  const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  if (bytes.length < 8 || header.some((byte, index) => bytes[index] !== byte)) {
    throw new SteadyLoopError('not a WebAssembly module (version 1)');
  }
  const layout: Layout = { params: [], tags: [], importedFunctions: 0, loopIndex: null, code: null };
  const read = new Reader(bytes);
  while (read.at < bytes.length) {
    const id = read.byte();
    const sizeAt = read.at;
    const size = read.u();
    const start = read.at;
    const end = start + size;
    if (id === SECTION.type) {
      for (let count = read.u(); count > 0; count -= 1) {
        if (read.byte() !== 0x60) throw new SteadyLoopError('a type other than a function type');
        const params: number[] = [];
        for (let n = read.u(); n > 0; n -= 1) {
          const type = read.byte();
          params.push(type in ZERO ? type : -1);
          if (type === 0x63 || type === 0x64) read.u();
        }
        for (let n = read.u(); n > 0; n -= 1) read.valueType();
        layout.params.push(params);
      }
    } else if (id === SECTION.import) {
      for (let count = read.u(); count > 0; count -= 1) {
        read.name();
        read.name();
        const kind = read.byte();
        if (kind === KIND.function) {
          read.u();
          layout.importedFunctions += 1;
        } else if (kind === KIND.table) {
          read.valueType();
          read.limits();
        } else if (kind === KIND.memory) {
          read.limits();
        } else if (kind === KIND.global) {
          read.valueType();
          read.byte();
        } else if (kind === KIND.tag) {
          read.byte();
          layout.tags.push(read.u());
        } else {
          throw new SteadyLoopError(`an import of unknown kind ${kind}`);
        }
      }
    } else if (id === SECTION.tag) {
      for (let count = read.u(); count > 0; count -= 1) {
        read.byte();
        layout.tags.push(read.u());
      }
    } else if (id === SECTION.export) {
      for (let count = read.u(); count > 0; count -= 1) {
        const name = read.name();
        const kind = read.byte();
        const index = read.u();
        if (kind === KIND.function && name === functionName) layout.loopIndex = index;
      }
    } else if (id === SECTION.code) {
      layout.code = { sizeAt, start, end };
    }
    read.at = end;
  }
  return layout;
}

/**
 * V8 inlines a function into its callers only if its body is at most this many bytes
 * (`--wasm-inlining-max-size`, 500 in Chromium 156). Longer functions are compiled only on
 * their own, so the block below changes nothing but their own deoptimisation points.
 */
export const NEVER_INLINED = 501;

/**
 * Returns a copy of a module (`pyodide.asm.wasm`) in which the exported function
 * `functionName` (by default CPython's evaluation loop), and every function whose body is at
 * least `minBodySize` bytes long, begins with a block that never runs and that makes V8
 * compile the function without deoptimisation points (see above).
 *
 * Why every long function: the loop is the one a reader's program spends its time in, but
 * others deoptimised as well on a fresh page (pickling's 16 KB unpickler in the middle of a
 * process pool's jobs, for one); each then ran in baseline code until V8 compiled it again,
 * on another thread, for up to 60 ms of a core the program was using. Shorter functions are
 * left alone: V8 may inline them into their callers, and their recompiles take a millisecond
 * or two. Pass `Infinity` to change the named function only.
 *
 * The copy is 15 bytes longer per function changed (for a tag that carries one i32, as in
 * Pyodide); `bytes` is not changed.
 * Throws SteadyLoopError if the bytes are not a module this can read (version 1, function
 * types only), if no function is exported under that name, or if the module declares no
 * exception tag whose values are numbers.
 */
export function steadyLoop(
  bytes: Uint8Array,
  functionName: string = EVAL_LOOP,
  minBodySize: number = NEVER_INLINED,
): Uint8Array<ArrayBuffer> {
  const layout = readLayout(bytes, functionName);
  if (layout.loopIndex === null) throw new SteadyLoopError(`no function is exported as ${functionName}`);
  if (layout.loopIndex < layout.importedFunctions) throw new SteadyLoopError(`${functionName} is imported`);
  if (!layout.code) throw new SteadyLoopError('the module has no code section');
  const tag = layout.tags.findIndex((type) => layout.params[type]?.every((param) => param !== -1));
  if (tag === -1) throw new SteadyLoopError('the module declares no exception tag whose values are numbers');
  const params = layout.params[layout.tags[tag] as number] as number[];
  const tagIndex = leb(tag);
  // if (i32.const 0) { try { throw tag(zeros) } catch tag { drop each value } }
  const block = Uint8Array.from([
    ...[0x41, 0x00, 0x04, 0x40], // i32.const 0; if (no result)
    ...[0x06, 0x40], // try (no result)
    ...params.flatMap((type) => ZERO[type] as number[]),
    ...[0x08, ...tagIndex], // throw tag
    ...[0x07, ...tagIndex], // catch tag
    ...params.map(() => 0x1a), // drop
    ...[0x0b, 0x0b], // end (try); end (if)
  ]);

  // The pieces of the new module, in order: unchanged spans of the original, new body sizes
  // and blocks. Only the code section's size and the changed bodies' sizes are rewritten.
  const read = new Reader(bytes);
  read.at = layout.code.start;
  const wanted = layout.loopIndex - layout.importedFunctions;
  const count = read.u();
  if (wanted >= count) throw new SteadyLoopError(`${functionName} has no body`);
  const pieces: Uint8Array[] = [];
  let copiedTo = layout.code.start;
  let growth = 0;
  for (let index = 0; index < count; index += 1) {
    const bodySizeAt = read.at;
    const bodySize = read.u();
    const bodyStart = read.at;
    const bodyEnd = bodyStart + bodySize;
    if (index === wanted || bodySize >= minBodySize) {
      for (let groups = read.u(); groups > 0; groups -= 1) {
        read.u();
        read.valueType();
      }
      const newBodySize = Uint8Array.from(leb(bodySize + block.length));
      pieces.push(bytes.subarray(copiedTo, bodySizeAt), newBodySize, bytes.subarray(bodyStart, read.at), block);
      copiedTo = read.at;
      growth += block.length + newBodySize.length - (bodyStart - bodySizeAt);
    }
    read.at = bodyEnd;
  }
  pieces.push(bytes.subarray(copiedTo));
  const sectionSize = Uint8Array.from(leb(layout.code.end - layout.code.start + growth));
  // Everything before the code section's size, then its new size (the old one is not copied).
  pieces.unshift(bytes.subarray(0, layout.code.sizeAt), sectionSize);
  const out = new Uint8Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}
