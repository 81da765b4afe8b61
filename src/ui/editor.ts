/**
 * The snippet editor: CodeMirror 6, loaded only when a reader clicks Edit. It follows the
 * site's light/dark theme through CSS variables instead of shipping two editor themes.
 */
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { python } from '@codemirror/lang-python';
import { javascript } from '@codemirror/lang-javascript';
import { bracketMatching, HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { tags } from '@lezer/highlight';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, highlightActiveLine } from '@codemirror/view';
import type { SnippetLang } from '../engine-core/engine';

export interface SnippetEditor {
  value(): string;
  focus(): void;
  destroy(): void;
}

const theme = EditorView.theme({
  '&': {
    color: 'var(--sl-color-white)',
    backgroundColor: 'var(--sl-color-gray-6)',
    fontSize: 'var(--sl-text-code, 0.875rem)',
    border: '1px solid var(--sl-color-gray-5)',
  },
  '.cm-content': { fontFamily: 'var(--sl-font-mono)', caretColor: 'var(--sl-color-white)' },
  '.cm-gutters': { backgroundColor: 'var(--sl-color-gray-6)', color: 'var(--sl-color-gray-3)', border: 'none' },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--sl-color-accent-low) 50%, transparent)' },
  '&.cm-focused': { outline: '2px solid var(--sl-color-accent)' },
});

// Token colours come from theme.css, where each was checked for AA contrast in both themes.
const highlight = HighlightStyle.define([
  {
    tag: [tags.keyword, tags.controlKeyword, tags.definitionKeyword, tags.operatorKeyword],
    color: 'var(--pcm-code-keyword)',
  },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--pcm-code-string)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--pcm-code-number)' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: 'var(--pcm-code-comment)', fontStyle: 'italic' },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName)], color: 'var(--pcm-code-function)' },
  { tag: [tags.typeName, tags.className], color: 'var(--pcm-code-type)' },
]);

export function createEditor(
  parent: HTMLElement,
  options: { doc: string; lang: SnippetLang; label: string; onChange(value: string): void; onRun(): void },
): SnippetEditor {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        lineNumbers(),
        history(),
        indentOnInput(),
        bracketMatching(),
        highlightActiveLine(),
        syntaxHighlighting(highlight),
        // Wrapping keeps long lines visible without a horizontal scrollbar, on phones too.
        EditorView.lineWrapping,
        options.lang === 'python' ? python() : javascript({ typescript: options.lang === 'ts' }),
        keymap.of([
          // Ctrl/Cmd+Enter runs the snippet without leaving the editor.
          { key: 'Mod-Enter', run: () => (options.onRun(), true) },
          ...defaultKeymap,
          ...historyKeymap,
          indentWithTab,
        ]),
        EditorView.contentAttributes.of({ 'aria-label': options.label }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onChange(update.state.doc.toString());
        }),
        theme,
      ],
    }),
  });
  return {
    value: () => view.state.doc.toString(),
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
