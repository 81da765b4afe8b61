import { describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import { decisionTree, outcomes, pathTo } from './decision-tree';

describe('the decision tree', () => {
  it('gives every outcome a unique id and a link to a real page of the course', async () => {
    const pages = new Set(
      (await readdir(new URL('../../../content/', import.meta.url)))
        .filter((name) => name.endsWith('.mdx'))
        .map((name) => (name === 'index.mdx' ? '/' : `/${name.replace(/\.mdx$/, '')}/`)),
    );
    const all = outcomes(decisionTree);
    expect(new Set(all.map((outcome) => outcome.id)).size).toBe(all.length);
    for (const outcome of all) expect(pages, outcome.href).toContain(outcome.href.replace(/#.*$/, ''));
  });

  it('recommends asyncio only for I/O-bound work', () => {
    const asyncio = outcomes(decisionTree).find((outcome) => outcome.href.startsWith('/asyncio/'));
    const steps = pathTo(asyncio?.id ?? '');
    expect(steps?.[0]).toMatchObject({ answer: 'Yes' });
    expect(steps?.[0]?.question.text).toMatch(/I\/O/);
  });

  it('reaches processes through the CPU-bound branch', () => {
    const processes = outcomes(decisionTree).find((outcome) => outcome.href.startsWith('/multiprocessing/'));
    const answers = pathTo(processes?.id ?? '')?.map((step) => step.answer);
    expect(answers?.[0]).toBe('No');
  });

  it('has no path to an unknown outcome', () => {
    expect(pathTo('no-such-outcome')).toBeUndefined();
  });
});
