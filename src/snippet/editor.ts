/**
 * The snippet editor: CodeMirror 6, loaded only when a reader clicks Edit. It follows the
 * site's light/dark theme through CSS variables instead of shipping two editor themes.
 */
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { python } from '@codemirror/lang-python';
import { javascript } from '@codemirror/lang-javascript';
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, highlightActiveLine } from '@codemirror/view';
import type { SnippetLang } from './fence-meta';

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
        syntaxHighlighting(defaultHighlightStyle),
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
