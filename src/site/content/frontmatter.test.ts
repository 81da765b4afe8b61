import { describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { describeFrontmatterErrors, pageFrontmatter } from './frontmatter';

function problems(data: unknown): string[] {
  const result = pageFrontmatter.safeParse(data);
  return result.success ? [] : describeFrontmatterErrors(result.error);
}

describe('page frontmatter schema', () => {
  it('accepts a page with a title and a full-sentence description', () => {
    expect(
      problems({
        title: 'The GIL',
        description: 'What the global interpreter lock is, and when it stops threads from running in parallel.',
      }),
    ).toEqual([]);
  });

  it('names the missing description in plain words', () => {
    expect(problems({ title: 'The GIL' })).toEqual([
      'description: every page needs a `description` in its frontmatter (one or two sentences)',
    ]);
  });

  it('rejects a description too short to be a sentence', () => {
    expect(problems({ title: 'The GIL', description: 'GIL stuff' })).toEqual([
      'description: the `description` should be a full sentence of at least 40 characters',
    ]);
  });

  it('rejects a missing title and an overlong title with separate messages', () => {
    const description = 'A description long enough to pass the length rule on its own.';
    expect(problems({ description })).toEqual(['title: every page needs a `title` in its frontmatter']);
    expect(problems({ title: 'x'.repeat(71), description })[0]).toMatch(/^title: .*over 70 characters/);
  });
});

describe('content folder', () => {
  it('holds only MDX files', async () => {
    const entries = await readdir(new URL('../../../content/', import.meta.url), { recursive: true, withFileTypes: true });
    const others = entries.filter((entry) => entry.isFile() && !entry.name.endsWith('.mdx')).map((entry) => entry.name);
    expect(others).toEqual([]);
  });

  it('every page declares frontmatter that passes the schema', async () => {
    const dir = new URL('../../../content/', import.meta.url);
    const files = (await readdir(dir)).filter((name) => name.endsWith('.mdx'));
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) {
      const text = await readFile(new URL(name, dir), 'utf8');
      const block = /^---\n([\s\S]*?)\n---/.exec(text)?.[1];
      expect(block, `${name} has no frontmatter block`).toBeDefined();
      const data: unknown = parse(block ?? '');
      expect(problems(data), name).toEqual([]);
    }
  });
});
