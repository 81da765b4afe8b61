import { describe, expect, it } from 'vitest';
import { browserOnlyImport, notRecordedBecause, recordable, snippetsOf } from './extract';
import { sourceHash } from './source-hash';

const page = [
  '---',
  'title: T',
  '---',
  '',
  '```python run title="Alone"',
  'print("a: 1.0 s")',
  '```',
  '',
  '<Experiment title="Compared">',
  '',
  '```python run title="First"',
  'import time',
  '```',
  '',
  '```ts run target="worker"',
  'await sleep(1);',
  '```',
  '',
  '</Experiment>',
  '',
  '```python',
  'print("not runnable")',
  '```',
  '',
  '````md',
  '```python run',
  'print("an example of a fence, inside another")',
  '```',
  '````',
  '',
].join('\n');

describe('snippet extraction', () => {
  it('finds the runnable fences the site makes, with their exact source, flags and experiment', async () => {
    const snippets = await snippetsOf(page, 'content/example.mdx');
    expect(
      snippets.map(({ lang, title, line, experiment, source }) => ({ lang, title, line, experiment, source })),
    ).toEqual([
      { lang: 'python', title: 'Alone', line: 5, experiment: undefined, source: 'print("a: 1.0 s")' },
      { lang: 'python', title: 'First', line: 11, experiment: 'Compared', source: 'import time' },
      { lang: 'ts', title: undefined, line: 15, experiment: 'Compared', source: 'await sleep(1);' },
    ]);
    expect(snippets[0]?.page).toBe('content/example.mdx');
    expect(snippets[0]?.hash).toBe(sourceHash('print("a: 1.0 s")'));
  });

  it('records Python only, and nothing on the playground, by rule', async () => {
    const snippets = await snippetsOf(page, 'content/example.mdx');
    expect(recordable(snippets).map((snippet) => snippet.title)).toEqual(['Alone', 'First']);
    expect(notRecordedBecause(snippets[2]!)).toBe('TypeScript/JavaScript runs only in the browser');
    const onPlayground = { ...snippets[0]!, page: 'content/playground.mdx' };
    expect(notRecordedBecause(onPlayground)).toBe('the playground runs the reader’s own code');
  });

  it('spots programs that can only run in the browser', () => {
    expect(browserOnlyImport('import time\nimport js\n')).toBe('it imports the browser-only module js');
    expect(browserOnlyImport('from pyodide.ffi import run_sync\n')).toBe('it imports the browser-only module pyodide');
    expect(browserOnlyImport('import json\nimport jsonschema\n')).toBeUndefined();
  });
});

describe('source hash', () => {
  it('is the hex SHA-256 of the UTF-8 source', () => {
    expect(sourceHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sourceHash('print("naïve")')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with any edit, even whitespace', () => {
    expect(sourceHash('print(1)')).not.toBe(sourceHash('print(1) '));
    expect(sourceHash('print(1)')).not.toBe(sourceHash('print(1)\n'));
  });
});
