/**
 * Finds the runnable snippets of the site's pages with the site's own fence transform
 * (remark-runnable.ts compiles each page exactly as the build does and lists what it made),
 * and says which of them native CPython can run. Used by the recorder, the staleness test and
 * the build's own check, so all three agree on what a snippet and its source are.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compile } from '@mdx-js/mdx';
import remarkRunnable, { type RunnableSnippet } from '../markdown/remark-runnable';
import { notRecordedBecause as notRecordedFor } from './rules';
import { sourceHash } from './source-hash';

export interface PageSnippet extends RunnableSnippet {
  /** The page's path as given, e.g. `content/gil.mdx`. */
  page: string;
  /** sourceHash(source): the key of its recording. */
  hash: string;
}

/** Every runnable snippet of one page, in page order. */
export async function snippetsOf(mdx: string, page: string): Promise<PageSnippet[]> {
  const file = await compile({ value: mdx, path: page }, { remarkPlugins: [remarkRunnable] });
  const snippets = (file.data as { runnableSnippets?: RunnableSnippet[] }).runnableSnippets ?? [];
  return snippets.map((snippet) => ({ ...snippet, page, hash: sourceHash(snippet.source) }));
}

/** Every runnable snippet of every page in `dir` (content/), pages in name order. */
export async function contentSnippets(dir: string): Promise<PageSnippet[]> {
  const pages = (await readdir(dir)).filter((name) => name.endsWith('.mdx')).sort();
  const all: PageSnippet[] = [];
  for (const name of pages) all.push(...(await snippetsOf(await readFile(join(dir, name), 'utf8'), join(dir, name))));
  return all;
}

/** Why native CPython does not run this snippet, or undefined when it does (see rules.ts). */
export function notRecordedBecause(snippet: PageSnippet): string | undefined {
  return notRecordedFor(snippet.lang, snippet.page);
}

/** The snippets native CPython should have a recording for. */
export function recordable(snippets: readonly PageSnippet[]): PageSnippet[] {
  return snippets.filter((snippet) => notRecordedBecause(snippet) === undefined);
}

/**
 * Why native CPython cannot run a Python program at all, from its source: it imports a module
 * that exists only in the browser's CPython. Undefined when nothing in it rules that out.
 */
export function browserOnlyImport(source: string): string | undefined {
  const match = /^\s*(?:import|from)\s+(js|pyodide|pyodide_js|pcm)\b/m.exec(source);
  return match ? `it imports the browser-only module ${match[1]}` : undefined;
}
