/**
 * The differential suite, the part that runs under Node: each program of
 * `differential/<area>/` that needs no worker processes runs in a fresh site interpreter
 * (restored from a memory image, as the page's interpreters are, and fresh because the page
 * retires an interpreter after every run with threads) and must print exactly what CPython
 * prints (see differential.ts for where that comes from).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSiteInterpreter, makeImage } from './site-interpreter';
import { nativePython, nativeVersion, programs, recorded, references } from './differential';

interface PyProxy {
  callPromising(...args: unknown[]): Promise<{ toJs(): unknown; destroy(): void }>;
}

let image: Uint8Array;

const all = programs();
const nodePrograms = all.filter((program) => program.where === 'node');
// Native CPython runs the programs meanwhile, a few at a time (they mostly sleep).
const expected = references(all);

beforeAll(async () => {
  image = await makeImage();
}, 120_000);

/** Runs a program as the page does; returns its stdout, stderr and error report. */
async function runOnSite(source: string): Promise<{ out: string; err: string; error: string | undefined }> {
  let out = '';
  let err = '';
  const py = await loadSiteInterpreter((text) => (out += text), { image, stderr: (text) => (err += text) });
  const runSnippet = py.pyimport('pcm').run_snippet as unknown as PyProxy;
  const proxy = await runSnippet.callPromising(source);
  const [error] = proxy.toJs() as [string | undefined];
  proxy.destroy();
  return { out, err, error };
}

describe('differential: the site prints what CPython prints', () => {
  it('has at least 80 programs, in every area', () => {
    expect(all.length).toBeGreaterThanOrEqual(80);
    const areas = new Set(all.map((program) => program.area));
    for (const area of ['thread', 'threading', 'queue', 'futures', 'asyncio', 'multiprocessing']) {
      expect(areas).toContain(area);
    }
  });

  for (const program of nodePrograms) {
    it(`${program.id}: ${program.behaviour}`, async () => {
      const reference = await expected.get(program.id);
      const { out, err, error } = await runOnSite(program.source);
      expect(error, `${out}\n${err}`).toBeUndefined();
      expect(out).toBe(reference);
    }, 30_000);
  }

  it('keeps the recorded native outputs (differential/native.json) up to date', async (context) => {
    const record = recorded();
    // Outputs differ a little between versions (error messages): only the same one compares.
    if (nativePython() === null || record.python !== nativeVersion()) context.skip();
    const stale: string[] = [];
    for (const program of all.filter((each) => each.expected === null)) {
      if (record.outputs[program.id] !== (await expected.get(program.id))) stale.push(program.id);
    }
    expect(stale, 'run npm run differential:record').toEqual([]);
  }, 120_000);
});
