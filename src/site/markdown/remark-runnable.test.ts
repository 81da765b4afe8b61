import { describe, expect, it } from 'vitest';
import { compile } from '@mdx-js/mdx';
import remarkRunnable, { type RemarkRunnableOptions } from './remark-runnable';
import { parseMeta, runnableFence } from './fence-meta';
import { sourceHash } from '../native/source-hash';
import type { NativeRecord } from '../native/recordings';

async function toJs(mdx: string, options?: RemarkRunnableOptions): Promise<string> {
  return String(await compile(mdx, { remarkPlugins: [[remarkRunnable, options]] }));
}

const record: NativeRecord = {
  page: 'content/x.mdx',
  line: 1,
  status: 'ok',
  runs: [{ wall_ms: 1000, cpu_ms: 990, exit_code: 0 }],
  wall_ms: 1000,
  cpu_ms: 990,
  parallelism: 0.99,
  printed: [{ label: 'took', value: 1, unit: 's', line: 1 }],
  stdout: 'took 1 s\n',
  stderr: '',
  env: {
    implementation: 'CPython',
    python: '3.11.7',
    cores: 2,
    machine: 'x86_64',
    processor: 'Some CPU',
    system: 'Linux',
    start_method: 'fork',
    date: '2026-11-30',
  },
};

describe('fence meta', () => {
  it('reads flags and quoted values', () => {
    expect([...parseMeta(`run target="worker" title='Two words' x=1`)]).toEqual([
      ['run', true],
      ['target', 'worker'],
      ['title', 'Two words'],
      ['x', '1'],
    ]);
  });

  it('leaves fences without run alone', () => {
    expect(runnableFence('ts', 'title="x"')).toBeUndefined();
    expect(runnableFence('python', null)).toBeUndefined();
  });

  it('defaults ts/js to the main thread and gives Python no target', () => {
    expect(runnableFence('ts', 'run')).toEqual({ lang: 'ts', target: 'main' });
    expect(runnableFence('javascript', 'run target=worker')).toEqual({ lang: 'js', target: 'worker' });
    expect(runnableFence('py', 'run expect="error"')).toEqual({ lang: 'python', expect: 'error' });
  });

  it('explains mistakes in the contributor’s terms', () => {
    expect(() => runnableFence('rust', 'run')).toThrow('must be python, ts or js, not `rust`');
    expect(() => runnableFence('ts', 'run target="gpu"')).toThrow('must be "main" or "worker"');
    expect(() => runnableFence('ts', 'run expect=success')).toThrow('`expect` can only be "error"');
    expect(() => runnableFence('ts', 'run trget=main')).toThrow('unknown flag `trget`');
    expect(() => runnableFence('python', 'run target=main')).toThrow('Python runs in its own worker');
  });
});

describe('remark-runnable', () => {
  it('wraps a run fence in <pcm-snippet> with its source and flags', async () => {
    const js = await toJs('```ts run target="worker" title="Pool"\nconst x: number = 1 < 2 ? 1 : 2;\n```\n');
    expect(js).toContain('"pcm-snippet"');
    expect(js).toContain('"data-lang": "ts"');
    expect(js).toContain('"data-target": "worker"');
    expect(js).toContain('"data-title": "Pool"');
    expect(js).toContain('"data-state": "idle"');
    expect(js).toContain('"data-code": "const x: number = 1 < 2 ? 1 : 2;"');
  });

  it('keeps ordinary fences as plain code blocks', async () => {
    const js = await toJs('```python\nprint(1)\n```\n');
    expect(js).not.toContain('pcm-snippet');
    expect(js).toContain('print(1)');
  });

  it('turns <Experiment> into <pcm-experiment> without an import', async () => {
    const js = await toJs('<Experiment title="Gather vs await">\n\n```js run\nawait 1\n```\n\n</Experiment>\n');
    expect(js).toContain('"pcm-experiment"');
    expect(js).toContain('"data-title": "Gather vs await"');
    expect(js).not.toContain('Experiment,');
  });

  it('fails the build with the page and line of a bad fence', async () => {
    await expect(toJs('text\n\n```ts run target=gpu\n1\n```\n')).rejects.toThrow(
      /:3: `target` must be "main" or "worker"/,
    );
  });

  it('gives a Python snippet the native figures recorded for its exact source', async () => {
    const source = 'print("took 1 s")';
    const warnings: string[] = [];
    const js = await toJs(`\`\`\`python run\n${source}\n\`\`\`\n`, {
      native: { about: '', runs: 1, snippets: { [sourceHash(source)]: record } },
      onMissingRecording: (message) => warnings.push(message),
    });
    expect(js).toContain('"data-native"');
    expect(js).toContain('3.11.7');
    expect(js).toContain('x86_64, Some CPU');
    expect(warnings).toEqual([]);
  });

  it('reports a Python snippet with no recording for its current source, and gives it none', async () => {
    const warnings: string[] = [];
    const js = await toJs('text\n\n```python run\nprint("edited")\n```\n\n```ts run\n1\n```\n', {
      native: { about: '', runs: 1, snippets: { [sourceHash('print("original")')]: record } },
      onMissingRecording: (message) => warnings.push(message),
    });
    expect(js).not.toContain('"data-native"');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/:3: this Python snippet has no native recording .*npm run record-native/);
  });

  it('expects no recording for snippets the rules leave out (the playground’s, TypeScript)', async () => {
    const warnings: string[] = [];
    const options = {
      native: { about: '', runs: 1, snippets: {} },
      onMissingRecording: (m: string) => warnings.push(m),
    };
    await compile(
      { value: '```python run\nprint(1)\n```\n', path: 'content/playground.mdx' },
      { remarkPlugins: [[remarkRunnable, options]] },
    );
    await toJs('```ts run\n1\n```\n', options);
    expect(warnings).toEqual([]);
  });
});
