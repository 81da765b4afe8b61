/**
 * The differential suite, the part that runs under Node: each program of
 * `differential/<area>/` that needs no worker processes runs in a fresh site interpreter
 * (restored from a memory image, as the page's interpreters are) and must print exactly
 * what native CPython prints, or its `.expected` file (see differential.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSiteInterpreter, makeImage } from './site-interpreter';
import { programs, reference } from './differential';

interface PyProxy {
  callPromising(...args: unknown[]): Promise<{ toJs(): unknown; destroy(): void }>;
}

let image: Uint8Array;

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

const nodePrograms = programs().filter((program) => program.where === 'node');

describe('differential: the site prints what CPython prints', () => {
  it('has programs in every area', () => {
    const areas = new Set(nodePrograms.map((program) => program.area));
    for (const area of ['thread', 'threading', 'queue', 'futures', 'asyncio']) expect(areas).toContain(area);
  });

  for (const program of nodePrograms) {
    it(`${program.id}: ${program.behaviour}`, async (context) => {
      const expected = reference(program);
      if (expected === null) context.skip();
      const { out, err, error } = await runOnSite(program.source);
      expect(error, `${out}\n${err}`).toBeUndefined();
      expect(out).toBe(expected);
    }, 30_000);
  }
});
