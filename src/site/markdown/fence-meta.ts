/**
 * Reads the meta string of a fenced code block (everything after the language), for
 * example `run target="worker" title="Four workers"`. Contributors only ever write these
 * flags, so errors name the flag and the accepted values.
 */
import type { SnippetLang, SnippetTarget } from '../../engine-core/engine';

export interface RunnableFence {
  lang: SnippetLang;
  /** Only TypeScript/JavaScript snippets have a target; Python always runs in its own worker. */
  target?: SnippetTarget;
  title?: string;
  /** `error` when the snippet is written to fail and its error is the lesson. */
  expect?: 'error';
}

const LANGS: Record<string, SnippetLang> = {
  python: 'python',
  py: 'python',
  ts: 'ts',
  typescript: 'ts',
  js: 'js',
  javascript: 'js',
};

/** Splits `run target="worker" title='A b'` into flags and key/value pairs. */
export function parseMeta(meta: string | null | undefined): Map<string, string | true> {
  const result = new Map<string, string | true>();
  const pattern = /([\w-]+)(?:=(?:"([^"]*)"|'([^']*)'|(\S+)))?/g;
  for (const match of (meta ?? '').matchAll(pattern)) {
    const [, key, double, single, bare] = match;
    if (key) result.set(key, double ?? single ?? bare ?? true);
  }
  return result;
}

/**
 * Returns the runnable description of a fence, `undefined` when the fence has no `run`
 * flag (an ordinary highlighted block), or throws an Error whose message is meant for the
 * contributor who wrote the page.
 */
export function runnableFence(
  lang: string | null | undefined,
  meta: string | null | undefined,
): RunnableFence | undefined {
  const flags = parseMeta(meta);
  if (!flags.has('run')) return undefined;
  const language = LANGS[(lang ?? '').toLowerCase()];
  if (!language) {
    throw new Error(`a \`run\` fence must be python, ts or js, not \`${lang ?? '(no language)'}\``);
  }
  const fence: RunnableFence = { lang: language };
  const target = flags.get('target');
  if (language === 'python') {
    if (target !== undefined) throw new Error('`target` applies to ts/js fences; Python runs in its own worker');
  } else if (target === undefined || target === 'main' || target === 'worker') {
    fence.target = target ?? 'main';
  } else {
    throw new Error(`\`target\` must be "main" or "worker", not ${JSON.stringify(target)}`);
  }
  const title = flags.get('title');
  if (typeof title === 'string') fence.title = title;
  const expect = flags.get('expect');
  if (expect !== undefined) {
    if (expect !== 'error') throw new Error(`\`expect\` can only be "error", not ${JSON.stringify(expect)}`);
    fence.expect = 'error';
  }
  for (const key of flags.keys()) {
    if (!['run', 'target', 'title', 'expect'].includes(key)) {
      throw new Error(`unknown flag \`${key}\` on a run fence (known: run, target, title, expect)`);
    }
  }
  return fence;
}
