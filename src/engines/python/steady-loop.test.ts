import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVAL_LOOP, SteadyLoopError, steadyLoop } from './steady-loop';

const u = (value: number): number[] => {
  const bytes: number[] = [];
  do {
    bytes.push((value & 0x7f) | (value > 0x7f ? 0x80 : 0));
    value >>>= 7;
  } while (value > 0);
  return bytes;
};
const vec = (items: number[][]): number[] => [...u(items.length), ...items.flat()];
const name = (text: string): number[] => [...u(text.length), ...new TextEncoder().encode(text)];
const section = (id: number, body: number[]): number[] => [id, ...u(body.length), ...body];

interface Parts {
  /** Imports an `env.tag` tag of type 1 before the module's own tags. */
  importTag?: boolean;
  /** How many tags the module declares itself (each of type 1, which carries an i32). */
  tags?: number;
  exportAs?: string;
}

/**
 * A small module: it imports a function `env.log` and exports `loop`, which adds 40 to its
 * argument through a local, and `other`, which returns 7.
 */
function module({ importTag = false, tags = 1, exportAs = 'loop' }: Parts = {}): Uint8Array<ArrayBuffer> {
  const types = vec([
    [0x60, 1, 0x7f, 1, 0x7f], // 0: (i32) -> i32
    [0x60, 1, 0x7f, 0], // 1: (i32) -> ()
    [0x60, 0, 1, 0x7f], // 2: () -> i32
  ]);
  const imports = [[...name('env'), ...name('log'), 0x00, 1]];
  if (importTag) imports.push([...name('env'), ...name('tag'), 0x04, 0x00, 1]);
  const other = [...vec([]), 0x41, 7, 0x0b];
  const loop = [...vec([[1, 0x7f]]), 0x41, 40, 0x21, 1, 0x20, 0, 0x20, 1, 0x6a, 0x0b];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, types),
    ...section(2, vec(imports)),
    ...section(3, vec([[2], [0]])),
    ...(tags > 0 ? section(13, vec(Array.from({ length: tags }, () => [0x00, 1]))) : []),
    ...section(
      7,
      vec([
        [...name(exportAs), 0x00, 2],
        [...name('other'), 0x00, 1],
      ]),
    ),
    ...section(
      10,
      vec([
        [...u(other.length), ...other],
        [...u(loop.length), ...loop],
      ]),
    ),
  ]);
}

async function exports(bytes: Uint8Array<ArrayBuffer>): Promise<Record<string, (...args: number[]) => number>> {
  const imports: WebAssembly.Imports = { env: { log: () => {} } };
  if (WebAssembly.Module.imports(new WebAssembly.Module(bytes)).some((entry) => entry.kind === 'tag')) {
    (imports.env as Record<string, unknown>).tag = new WebAssembly.Tag({ parameters: ['i32'] });
  }
  const { instance } = await WebAssembly.instantiate(bytes, imports);
  return instance.exports as Record<string, (...args: number[]) => number>;
}

// if (i32.const 0) { try { throw 0 (i32.const 0) } catch 0 { drop } }
const BLOCK = [0x41, 0x00, 0x04, 0x40, 0x06, 0x40, 0x41, 0x00, 0x08, 0x00, 0x07, 0x00, 0x1a, 0x0b, 0x0b];

describe('steadyLoop', () => {
  it('puts a legacy try/catch of a tag that never runs at the start of the named function only', async () => {
    const original = module();
    const changed = steadyLoop(original, 'loop');
    expect(WebAssembly.validate(changed)).toBe(true);
    expect(changed.length).toBe(original.length + BLOCK.length);
    const at = Buffer.from(changed).indexOf(Buffer.from(BLOCK));
    // Right after the loop's one group of locals (1 × i32), and nowhere else.
    expect(Array.from(changed.subarray(at - 3, at))).toEqual([1, 1, 0x7f]);
    expect(Buffer.from(changed).indexOf(Buffer.from(BLOCK), at + 1)).toBe(-1);
    const { loop, other } = await exports(changed);
    expect(loop?.(2)).toBe(42);
    expect(other?.()).toBe(7);
    expect(original).toEqual(module());
  });

  it('also changes every function whose body is at least minBodySize bytes long', async () => {
    const original = module();
    // `other` has a 4-byte body; the loop has 13 bytes, and is named anyway.
    const changed = steadyLoop(original, 'loop', 4);
    expect(WebAssembly.validate(changed)).toBe(true);
    expect(changed.length).toBe(original.length + 2 * BLOCK.length);
    const first = Buffer.from(changed).indexOf(Buffer.from(BLOCK));
    // Right after `other`'s empty list of locals, then after the loop's locals.
    expect(Array.from(changed.subarray(first - 2, first))).toEqual([4 + BLOCK.length, 0]);
    const second = Buffer.from(changed).indexOf(Buffer.from(BLOCK), first + 1);
    expect(Array.from(changed.subarray(second - 3, second))).toEqual([1, 1, 0x7f]);
    const { loop, other } = await exports(changed);
    expect(loop?.(2)).toBe(42);
    expect(other?.()).toBe(7);
    expect(steadyLoop(original, 'loop', 5).length).toBe(original.length + BLOCK.length);
  });

  it('counts imported functions and imported tags in their index spaces', async () => {
    const changed = steadyLoop(module({ importTag: true, tags: 0 }), 'loop');
    expect(WebAssembly.validate(changed)).toBe(true);
    expect((await exports(changed)).loop?.(1)).toBe(41);
  });

  it('says why when the module cannot be changed', () => {
    expect(() => steadyLoop(module({ tags: 0 }), 'loop')).toThrow(/no exception tag/);
    expect(() => steadyLoop(module({ exportAs: 'run' }), 'loop')).toThrow(SteadyLoopError);
    expect(() => steadyLoop(module(), 'log')).toThrow(/no function is exported as log/);
    expect(() => steadyLoop(new Uint8Array([1, 2, 3]), 'loop')).toThrow(/not a WebAssembly module/);
  });

  it("changes Pyodide's CPython: the result is a valid module", () => {
    const wasm = join(dirname(createRequire(import.meta.url).resolve('pyodide')), 'pyodide.asm.wasm');
    const original = new Uint8Array(readFileSync(wasm));
    const changed = steadyLoop(original);
    expect(WebAssembly.validate(changed)).toBe(true);
    // The loop and the other functions V8 never inlines: about 2 600 in Pyodide 314.
    expect((changed.length - original.length) / BLOCK.length).toBeGreaterThan(1000);
    expect(steadyLoop(original, EVAL_LOOP, Infinity).length - original.length).toBe(BLOCK.length);
    expect(Buffer.from(changed).indexOf(Buffer.from(EVAL_LOOP))).toBeGreaterThan(0);
  });
});
