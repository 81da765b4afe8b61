/**
 * Which runnable snippets native CPython records, by rule rather than by hand: Python ones,
 * except on pages whose snippet holds the reader's own code. The recorder, the build and the
 * staleness test all ask here, so they agree.
 */
import { basename } from 'node:path';
import type { SnippetLang } from '../../engine-core/engine';

/** Pages whose snippet holds the reader's code, not a fixed source (the playground reads the address). */
const READER_CODE_PAGES = new Set(['playground']);

/** Why a snippet of `lang` on `page` (a path to its .mdx) is not recorded, or undefined when it is. */
export function notRecordedBecause(lang: SnippetLang, page: string | undefined): string | undefined {
  if (lang !== 'python') return 'TypeScript/JavaScript runs only in the browser';
  if (page && READER_CODE_PAGES.has(basename(page, '.mdx'))) return 'the playground runs the reader’s own code';
  return undefined;
}

/**
 * What to do when a snippet has no recording for its current source, said the same way by the
 * build's warning and the staleness test: an edited snippet is a new program, so it needs
 * recording again, and the data file is committed with the page.
 */
export const RECORD_AGAIN =
  'Editing or adding a Python snippet requires recording it again: run `npm run record-native` ' +
  '(or `npm run record-native -- --missing` for just these) and commit src/site/data/native-recordings.json.';
