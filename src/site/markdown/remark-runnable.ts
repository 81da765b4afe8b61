/**
 * The fence transform: a fenced block with the `run` flag becomes a `<pcm-snippet>`
 * custom element that wraps the highlighted block (Expressive Code still renders it) and
 * carries the source and flags as data attributes. `<Experiment title="…">` in MDX becomes
 * a `<pcm-experiment>` element, so contributors import nothing.
 */
import type { Code, Root } from 'mdast';
import type { MdxJsxAttribute, MdxJsxFlowElement } from 'mdast-util-mdx-jsx';
import { visit } from 'unist-util-visit';
import { runnableFence } from './fence-meta';

const attribute = (name: string, value: string): MdxJsxAttribute => ({ type: 'mdxJsxAttribute', name, value });

/** Removes the flags only this transform understands, leaving any Expressive Code options. */
function stripRunFlags(meta: string): string {
  return meta
    .replace(/(^|\s)(run|target|title|expect)(=("[^"]*"|'[^']*'|\S+))?(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export default function remarkRunnable() {
  return (tree: Root, file: { path?: string }) => {
    let count = 0;
    visit(tree, (node, index, parent) => {
      if (!parent || index === undefined) return;
      if (node.type === 'mdxJsxFlowElement' && node.name === 'Experiment') {
        const title = node.attributes.find((attr) => attr.type === 'mdxJsxAttribute' && attr.name === 'title');
        node.name = 'pcm-experiment';
        node.attributes = [attribute('data-title', typeof title?.value === 'string' ? title.value : 'Experiment')];
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
      const plain: Code = { ...code, meta: stripRunFlags(code.meta ?? '') || null };
      const element: MdxJsxFlowElement = {
        type: 'mdxJsxFlowElement',
        name: 'pcm-snippet',
        attributes,
        children: [plain],
      };
      parent.children.splice(index, 1, element as never);
    });
  };
}
