/**
 * Dependencies point one way: site → UI → engines → engine core. The core (engine
 * contract, streams, output ring, trace, timeline) imports from no engine, the UI or the
 * site; the two engines never import each other; no engine imports the UI or the site.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

type Layer = 'site' | 'ui' | 'engines/js' | 'engines/python' | 'engine-core';

const ALLOWED: Record<Layer, readonly Layer[]> = {
  site: ['site', 'ui', 'engine-core'],
  ui: ['ui', 'engines/js', 'engines/python', 'engine-core'],
  'engines/js': ['engines/js', 'engine-core'],
  'engines/python': ['engines/python', 'engine-core'],
  'engine-core': ['engine-core'],
};

const SRC = new URL('.', import.meta.url).pathname;

/** The layer a file under src/ belongs to. */
export function layerOf(path: string): Layer {
  const inSrc = relative(SRC, path);
  for (const layer of ['engines/js', 'engines/python', 'engine-core', 'ui', 'site'] as const) {
    if (inSrc.startsWith(`${layer}/`)) return layer;
  }
  // src/content.config.ts is Astro's, and part of the site.
  return 'site';
}

/** Relative specifiers a source file imports: static, dynamic, and workers' `new URL(...)`. */
export function importsOf(source: string): string[] {
  const pattern = /(?:from\s*|import\s*\(?\s*|new URL\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;
  return [...source.matchAll(pattern)].map((match) => match[1]!.split('?')[0]!);
}

/** Why `from` may not import `to`, or undefined if it may. */
export function violation(from: string, to: string): string | undefined {
  const [a, b] = [layerOf(from), layerOf(to)];
  return ALLOWED[a].includes(b) ? undefined : `${relative(SRC, from)} (${a}) imports ${relative(SRC, to)} (${b})`;
}

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(ts|astro|mjs)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('architecture', () => {
  it('classifies a core module importing an engine as a violation', () => {
    expect(violation(join(SRC, 'engine-core/trace.ts'), join(SRC, 'engines/python/gil.ts'))).toMatch(/imports/);
    expect(violation(join(SRC, 'engines/js/engine.ts'), join(SRC, 'engines/python/engine.ts'))).toMatch(/imports/);
    expect(violation(join(SRC, 'ui/snippet-element.ts'), join(SRC, 'engine-core/engine.ts'))).toBeUndefined();
  });

  it('every import in src/ points the intended way', async () => {
    const problems: string[] = [];
    for (const file of await sources(SRC)) {
      for (const specifier of importsOf(await readFile(file, 'utf8'))) {
        const target = normalize(join(dirname(file), specifier));
        if (!target.startsWith(SRC)) continue;
        const problem = violation(file, target);
        if (problem) problems.push(problem);
      }
    }
    expect(problems).toEqual([]);
  });
});
