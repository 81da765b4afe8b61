/**
 * The fence transform: a fenced block with the `run` flag becomes a `<pcm-snippet>`
 * custom element that wraps the highlighted block (Expressive Code still renders it) and
 * carries the source and flags as data attributes. `<Experiment title="…">` in MDX becomes
 * a `<pcm-experiment>` element, so contributors import nothing.
 *
 * Given the native recordings, a Python snippet (see native/rules.ts) also carries what native
 * CPython measured for its exact source (`data-native`), and one with no recording for its
 * current source is reported, so a stale recording is never shown and never goes unnoticed. Every snippet made is
 * listed in `file.data.runnableSnippets`, which is how the recorder finds them.
 */
import type { Code, Root } from 'mdast';
import type { MdxJsxAttribute, MdxJsxFlowElement } from 'mdast-util-mdx-jsx';
import { relative } from 'node:path';
import { visit } from 'unist-util-visit';
import { runnableFence, type RunnableFence } from './fence-meta';
import { figuresOf, type NativeRecordings } from '../native/recordings';
import { notRecordedBecause, RECORD_AGAIN } from '../native/rules';
import { sourceHash } from '../native/source-hash';

/** A runnable snippet as the transform made it. */
export interface RunnableSnippet extends RunnableFence {
  /** The fence's content, exactly as it becomes `data-code`. */
  source: string;
  /** The fence's first line in the page. */
  line: number;
  /** The title of the `<Experiment>` it is part of, if any. */
  experiment?: string;
}

export interface RemarkRunnableOptions {
  /** The recordings file's contents; without it no snippet carries native figures. */
  native?: NativeRecordings;
  /** Told about each Python snippet that has no recording for its source (default: console.warn). */
  onMissingRecording?(message: string): void;
}

const attribute = (name: string, value: string): MdxJsxAttribute => ({ type: 'mdxJsxAttribute', name, value });

/** Removes the flags only this transform understands, leaving any Expressive Code options. */
function stripRunFlags(meta: string): string {
  return meta
    .replace(/(^|\s)(run|target|title|expect)(=("[^"]*"|'[^']*'|\S+))?(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export default function remarkRunnable(options: RemarkRunnableOptions = {}) {
  const warn = options.onMissingRecording ?? ((message: string) => console.warn(message));
  return (tree: Root, file: { path?: string; data: object }) => {
    let count = 0;
    const snippets: RunnableSnippet[] = [];
    // Experiments are visited before the fences inside them, so each fence finds its own here.
    const experimentOf = new WeakMap<Code, string>();
    visit(tree, (node, index, parent) => {
      if (!parent || index === undefined) return;
      if (node.type === 'mdxJsxFlowElement' && node.name === 'Experiment') {
        const title = node.attributes.find((attr) => attr.type === 'mdxJsxAttribute' && attr.name === 'title');
        const name = typeof title?.value === 'string' ? title.value : 'Experiment';
        node.name = 'pcm-experiment';
        node.attributes = [attribute('data-title', name)];
        visit(node, 'code', (code) => void experimentOf.set(code, name));
        return;
      }
      if (node.type !== 'code') return;
      const code = node as Code;
      let fence;
      try {
        fence = runnableFence(code.lang, code.meta);
      } catch (error) {
        const where = `${file.path ?? 'a page'}:${code.position?.start.line ?? '?'}`;
        throw new Error(`${where}: ${(error as Error).message}`, { cause: error });
      }
      if (!fence) return;
      count += 1;
      const attributes = [
        attribute('data-lang', fence.lang),
        attribute('data-code', code.value),
        attribute('data-state', 'idle'),
        attribute('data-snippet', String(count)),
      ];
      if (fence.target) attributes.push(attribute('data-target', fence.target));
      if (fence.title) attributes.push(attribute('data-title', fence.title));
      if (fence.expect) attributes.push(attribute('data-expect', fence.expect));
      const line = code.position?.start.line ?? 0;
      const experiment = experimentOf.get(code);
      snippets.push({ ...fence, source: code.value, line, ...(experiment ? { experiment } : {}) });
      if (options.native && notRecordedBecause(fence.lang, file.path) === undefined) {
        const record = options.native.snippets[sourceHash(code.value)];
        if (record) attributes.push(attribute('data-native', JSON.stringify(figuresOf(record))));
        else {
          const page = file.path ? relative(process.cwd(), file.path) : 'a page';
          warn(`${page}:${line}: this Python snippet has no native recording for its current source. ${RECORD_AGAIN}`);
        }
      }
      const plain: Code = { ...code, meta: stripRunFlags(code.meta ?? '') || null };
      const element: MdxJsxFlowElement = {
        type: 'mdxJsxFlowElement',
        name: 'pcm-snippet',
        attributes,
        children: [plain],
      };
      parent.children.splice(index, 1, element as never);
    });
    (file.data as { runnableSnippets?: RunnableSnippet[] }).runnableSnippets = snippets;
  };
}
