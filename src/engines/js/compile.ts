/**
 * Turns a reader's TypeScript or JavaScript snippet into a module body the page can run.
 * Every step keeps line numbers identical to the reader's source, so that errors and
 * stack traces can point at the line the reader actually wrote.
 */
import { parse } from 'acorn';
import { simple } from 'acorn-walk';
import type { Node, Statement } from 'acorn';
import { transform } from 'sucrase';

export interface CompiledSnippet {
  /** JavaScript ready to run as a module body; line N is the reader's line N. */
  code: string;
}

export interface CompileOptions {
  lang: 'ts' | 'js';
  /** A global function called at the start of every loop iteration, so runaway loops can be stopped. */
  guardName: string;
  /** Code put in front of the snippet on its first line; it must not contain a line break. */
  prelude: string;
}

/** A syntax error located in the reader's source, with a 1-based line and column. */
export class SnippetSyntaxError extends Error {
  line: number;
  column: number;

  constructor(reason: string, line: number, column: number) {
    super(`SyntaxError: ${reason} (line ${line}, column ${column})`);
    this.name = 'SnippetSyntaxError';
    this.line = line;
    this.column = column;
  }
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const LINE_BREAK = /\r\n?|\n|\u2028|\u2029/;

/** Converts a character offset into a 1-based line and column, counting line breaks as JavaScript does. */
function locate(text: string, pos: number): { line: number; column: number } {
  const lines = text.slice(0, pos).split(LINE_BREAK);
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/**
 * Rewraps a parser's error as a SnippetSyntaxError. Both sucrase and acorn put the offset in `pos`
 * and end their message with "(line:column)", which we drop because our own suffix replaces it.
 */
function toSnippetError(error: unknown, text: string): unknown {
  if (!(error instanceof SyntaxError) || typeof (error as { pos?: unknown }).pos !== 'number') return error;
  const { line, column } = locate(text, (error as SyntaxError & { pos: number }).pos);
  return new SnippetSyntaxError(error.message.replace(/\s*\(\d+:\d+\)$/, ''), line, column);
}

type Loop = Node & { body: Statement };

/**
 * Inserts `guard();` at the start of every loop body. Insertions are spliced from the end of the
 * text backwards, so earlier offsets stay valid, and none contains a line break, so lines stay put.
 */
function guardLoops(js: string, guardName: string): string {
  const ast = parse(js, { ecmaVersion: 'latest', sourceType: 'module', allowAwaitOutsideFunction: true });
  const call = `${guardName}();`;
  const inserts: { pos: number; text: string }[] = [];
  const visit = (loop: Loop): void => {
    const body = loop.body;
    if (body.type === 'BlockStatement') {
      inserts.push({ pos: body.start + 1, text: call });
    } else {
      // A single-statement body needs braces so that the guard and the statement both stay inside the loop.
      inserts.push({ pos: body.start, text: `{ ${call} ` }, { pos: body.end, text: ' }' });
    }
  };
  simple(ast, {
    WhileStatement: visit,
    DoWhileStatement: visit,
    ForStatement: visit,
    ForInStatement: visit,
    ForOfStatement: visit,
  });
  // Two insertions can share an offset only when nested single-statement loops end together,
  // and then both are ' }', so their relative order does not matter.
  inserts.sort((a, b) => b.pos - a.pos);
  let out = js;
  for (const { pos, text } of inserts) out = out.slice(0, pos) + text + out.slice(pos);
  return out;
}

export function compileSnippet(source: string, options: CompileOptions): CompiledSnippet {
  const { lang, guardName, prelude } = options;
  // The guard name is pasted into code, so anything but a plain identifier could change the program.
  if (!IDENTIFIER.test(guardName)) throw new Error(`Invalid guard name: ${guardName}`);
  // A line break in the prelude would push every line of the snippet down and break error locations.
  if (LINE_BREAK.test(prelude)) throw new Error('The prelude must fit on one line');

  let js = source;
  if (lang === 'ts') {
    try {
      // Unused imports are elided, as tsc does by default, because an import used only as a type
      // has no runtime value and would fail to load. ES syntax is left alone: browsers run it natively.
      js = transform(source, { transforms: ['typescript'], disableESTransforms: true }).code;
    } catch (error) {
      throw toSnippetError(error, source);
    }
  }
  // A hashbang is only legal as the very first characters, which the prelude will occupy.
  // Turning "#!" into "//" keeps it as a comment of the same length on the same line.
  if (js.startsWith('#!')) js = `//${js.slice(2)}`;

  try {
    js = guardLoops(js, guardName);
  } catch (error) {
    // Sucrase keeps lines, so the line is exact; in TypeScript the column is counted in the
    // stripped output, which differs from the source only when types were removed earlier on that line.
    throw toSnippetError(error, js);
  }

  // The semicolon stops the snippet's first token from continuing the prelude's last expression.
  // Imports still work after it because module imports are hoisted; a leading 'use strict' just
  // stops being a directive, which changes nothing since modules are always strict.
  return { code: prelude === '' ? js : `${prelude};${js}` };
}

/**
 * Finds the reader's line in an error stack. Chromium writes frames as
 * "    at fn (URL:12:5)" or "    at URL:12:5"; Firefox and Safari as "fn@URL:12:5".
 * Returns the line of the first frame whose URL contains `marker`, or undefined.
 */
export function snippetLineFromStack(stack: string, marker: string): number | undefined {
  if (marker === '') return undefined;
  for (const frame of stack.split('\n')) {
    const at = frame.indexOf(marker);
    if (at < 0) continue;
    // The URL itself may contain colons (a scheme, a port), so take the first ":line:column" pair
    // that is followed by the end of the location rather than by more of the URL.
    const match = /^[^\s()]*?:(\d+):(\d+)(?=$|[\s)])/.exec(frame.slice(at + marker.length));
    if (match?.[1] !== undefined) return Number(match[1]);
  }
  return undefined;
}
