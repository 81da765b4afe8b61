import { describe, expect, it } from 'vitest';
import { compile } from '@mdx-js/mdx';
import remarkRunnable from './remark-runnable';
import { parseMeta, runnableFence } from './fence-meta';

async function toJs(mdx: string): Promise<string> {
  return String(await compile(mdx, { remarkPlugins: [remarkRunnable] }));
}

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
});
