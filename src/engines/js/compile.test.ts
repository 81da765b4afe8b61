import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';
import { compileSnippet, SnippetSyntaxError, snippetLineFromStack } from './compile';

const options = { guardName: '__guard', prelude: '' } as const;
const lineCount = (text: string): number => text.split('\n').length;

/**
 * Runs compiled code with a guard that counts its calls and throws after 1e5 of them, as the page does.
 * Import-free snippets run fine inside an async function, and indirect eval with a sourceURL gives
 * the frames a known name, so stack traces can be checked like the browser's blob URLs.
 */
async function run(code: string, sourceURL = 'snippet-test'): Promise<{ calls: number; result: unknown }> {
  let calls = 0;
  const guard = (): void => {
    calls += 1;
    if (calls > 1e5) throw new Error('Loop limit exceeded');
  };
  // Snippets are modules, where `return` is illegal, so they hand back a result through `out`.
  const out: { result?: unknown } = {};
  const fn = (0, eval)(`(async (__guard, out) => {${code}\n})//# sourceURL=${sourceURL}`) as (
    g: () => void,
    o: typeof out,
  ) => Promise<void>;
  await fn(guard, out);
  return { calls, result: out.result };
}

function syntaxError(source: string, lang: 'ts' | 'js'): SnippetSyntaxError {
  try {
    compileSnippet(source, { ...options, lang });
  } catch (error) {
    if (error instanceof SnippetSyntaxError) return error;
    throw error;
  }
  throw new Error('expected a syntax error');
}

describe('compileSnippet', () => {
  it('strips TypeScript and keeps every line where it was', async () => {
    const source = [
      'interface Point {', // 1
      '  x: number;', // 2
      '  y: number;', // 3
      '}', // 4
      'enum Color { Red, Green }', // 5
      'const p: {', // 6
      '  x: number;', // 7
      '  y: number;', // 8
      '} = { x: 1, y: Color.Green };', // 9
      'function f(a: Point): never {', // 10
      "  throw new Error('boom ' + a.y);", // 11
      '}', // 12
      'f(p as Point);', // 13
    ].join('\n');
    const { code } = compileSnippet(source, { ...options, lang: 'ts' });
    expect(code).not.toMatch(/interface|: number|as Point/);
    expect(lineCount(code)).toBe(lineCount(source));
    expect(code.split('\n')[10]).toContain("throw new Error('boom '");
    const error: unknown = await run(code, 'snippet-lines').catch((e: unknown) => e);
    expect((error as Error).message).toBe('boom 1');
    expect(snippetLineFromStack((error as Error).stack ?? '', 'snippet-lines')).toBe(11);
  });

  it('puts the prelude on the first line without adding a line', async () => {
    const source = "'use strict';\nout.result = value * 2;";
    const { code } = compileSnippet(source, { ...options, lang: 'js', prelude: 'const value = 21' });
    expect(lineCount(code)).toBe(2);
    expect((await run(code)).result).toBe(42);
  });

  it('keeps import declarations and a hashbang valid after the prelude', () => {
    const source = "#!/usr/bin/env node\nimport { a } from 'm';\nconsole.log(a);";
    const { code } = compileSnippet(source, { ...options, lang: 'ts', prelude: 'const x = 1;' });
    expect(code).toBe("const x = 1;;///usr/bin/env node\nimport { a } from 'm';\nconsole.log(a);");
    // Imports may follow other statements at the top level of a module, so the result still parses.
    expect(() => parse(code, { ecmaVersion: 'latest', sourceType: 'module' })).not.toThrow();
  });

  it('guards every kind of loop without adding a line', async () => {
    const source = [
      'let n = 0;',
      'for (const x of [1, 2, 3]) n += x;',
      'for (const k in { a: 1, b: 2 }) { n += k.length; }',
      'for (let i = 0; i < 4; i++) n++;',
      'let j = 0;',
      'while (j < 5) j++;',
      'do { j--; } while (j > 0)',
      'out.result = n;',
    ].join('\n');
    const { code } = compileSnippet(source, { ...options, lang: 'js' });
    expect(lineCount(code)).toBe(lineCount(source));
    expect(code).toContain('for (const x of [1, 2, 3]) { __guard(); n += x; }');
    expect(code).toContain('do {__guard(); j--; } while (j > 0)');
    expect(await run(code)).toEqual({ calls: 3 + 2 + 4 + 5 + 5, result: 12 });
  });

  it('calls the guard once per iteration of a for…of loop', async () => {
    const { code } = compileSnippet('for (const x of [1, 2, 3]) {}', { ...options, lang: 'js' });
    expect((await run(code)).calls).toBe(3);
  });

  it('stops an infinite loop, also inside a function and an async for await', async () => {
    for (const source of [
      'while (true) {}',
      'function spin() { for (;;); }\nspin();',
      'async function* g() { while (true) yield 1; }\nfor await (const v of g()) {}',
      'do ; while (true)',
    ]) {
      const { code } = compileSnippet(source, { ...options, lang: 'js' });
      await expect(run(code)).rejects.toThrow('Loop limit exceeded');
    }
  });

  it('guards nested loops, including single-statement bodies that end together', async () => {
    const source = 'let n = 0;\nfor (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) n++;\nout.result = n;';
    const { code } = compileSnippet(source, { ...options, lang: 'js' });
    expect(code).toContain('{ __guard(); for (let j = 0; j < 4; j++) { __guard(); n++; } }');
    expect(await run(code)).toEqual({ calls: 3 + 12, result: 12 });
  });

  it('leaves the word while alone in strings, regular expressions, comments and names', () => {
    const source = "const s = 'while (true) {}'; // while\nconst r = /while|for/;\nconst whileDone = `for ${s}`;";
    expect(compileSnippet(source, { ...options, lang: 'js' }).code).toBe(source);
  });

  it('reports a TypeScript syntax error at the reader’s line and column', () => {
    const error = syntaxError('let a = 1;\nlet b = 2;\nlet c: = 3;', 'ts');
    expect([error.line, error.column]).toEqual([3, 8]);
    expect(error.message).toBe('SyntaxError: Unexpected token (line 3, column 8)');
  });

  it('reports a JavaScript syntax error on line 3', () => {
    const error = syntaxError('const a = 1;\nconst b = 2;\n  let x = ;', 'js');
    expect([error.line, error.column]).toEqual([3, 11]);
    expect(error.message).toMatch(/^SyntaxError: .+ \(line 3, column 11\)$/);
    // Type annotations are not JavaScript, so a JS snippet containing them is a syntax error too.
    expect(syntaxError('let ok = 1;\nlet n: number = 1;', 'js').line).toBe(2);
  });

  it('rejects a guard name that is not an identifier and a prelude with a line break', () => {
    expect(() => compileSnippet('', { lang: 'js', guardName: 'a()', prelude: '' })).toThrow('guard name');
    expect(() => compileSnippet('', { lang: 'js', guardName: 'g', prelude: 'a;\nb;' })).toThrow('one line');
  });
});

describe('snippetLineFromStack', () => {
  const url = 'blob:http://localhost:4321/5f1c6a0e-7a1b-4c39-9d8e-1c2b3a4d5e6f';

  it('reads Chromium frames, with and without a function name', () => {
    const named = `Error: boom\n    at helper (http://localhost:4321/runner.js:80:3)\n    at f (${url}:12:5)\n    at ${url}:3:9`;
    expect(snippetLineFromStack(named, url)).toBe(12);
    expect(snippetLineFromStack(`Error: boom\n    at async ${url}:3:9`, url)).toBe(3);
  });

  it('reads Firefox frames', () => {
    expect(snippetLineFromStack(`f@${url}:12:5\n@${url}:3:9\n`, url)).toBe(12);
    expect(snippetLineFromStack(`@${url}:7:1`, 'blob:')).toBe(7);
  });

  it('returns undefined when no frame is in the snippet', () => {
    expect(snippetLineFromStack('Error: x\n    at f (http://localhost/a.js:1:2)', url)).toBeUndefined();
    expect(snippetLineFromStack('', url)).toBeUndefined();
  });
});
