/**
 * Staleness: every runnable Python snippet in content/ must have a native recording for its
 * current source, or the page would show no CPython figures beside it. Editing a snippet
 * changes its hash, so this fails until `npm run record-native` is run again.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { contentSnippets, recordable } from './extract';
import { figuresOf, type NativeRecordings } from './recordings';
import { RECORD_AGAIN } from './rules';

const ROOT = new URL('../../../', import.meta.url);

describe('native recordings', async () => {
  const data = JSON.parse(
    await readFile(new URL('src/site/data/native-recordings.json', ROOT), 'utf8'),
  ) as NativeRecordings;
  const snippets = recordable(await contentSnippets(new URL('content', ROOT).pathname));

  it('exist for the current source of every runnable Python snippet', () => {
    const missing = snippets
      .filter((snippet) => data.snippets[snippet.hash] === undefined)
      .map((snippet) => `${snippet.page.slice(ROOT.pathname.length)}:${snippet.line}`);
    expect(missing, `No native recording for the current source of these snippets. ${RECORD_AGAIN}`).toEqual([]);
  });

  it('give every snippet figures a page can show', () => {
    for (const snippet of snippets) {
      const record = data.snippets[snippet.hash];
      if (!record) continue;
      const figures = figuresOf(record);
      expect(figures.python).toMatch(/^\d+\.\d+/);
      expect(figures.cores).toBeGreaterThan(0);
      if (figures.status === 'ok') expect(figures.wall_ms).toBeGreaterThan(0);
      else expect(figures.reason, `${record.page}:${record.line}`).toBeTruthy();
    }
  });
});
