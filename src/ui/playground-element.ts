/**
 * <pcm-playground>: one snippet with a language and target picker. It loads code from the
 * URL fragment (`#code=…&lang=…&target=…`) and never runs it until the reader clicks Run,
 * because a shared link is someone else's code.
 */
import type { SnippetLang } from '../engine-core/engine';
import { parseShareFragment } from './share';
import type { SnippetElement } from './snippet-element';

const STARTERS: Record<SnippetLang, string> = {
  ts: [
    '// Ten simulated requests of 200 ms each, overlapped on the event loop.',
    'const started = now();',
    'await gather(...Array.from({ length: 10 }, (_, i) => () => sleep(200, `request ${i + 1}`)));',
    'console.log(`10 requests took ${(now() - started).toFixed(0)} ms`);',
    '',
  ].join('\n'),
  js: [
    '// Plain JavaScript works too.',
    'for (let i = 1; i <= 3; i++) {',
    '  console.log(`tick ${i}`);',
    '  await sleep(100);',
    '}',
    '',
  ].join('\n'),
  python: [
    'import time',
    '',
    'start = time.perf_counter()',
    'time.sleep(0.2)',
    'print(f"slept {time.perf_counter() - start:.2f} s")',
    '',
  ].join('\n'),
};

function select(label: string, options: Array<[string, string]>): [HTMLLabelElement, HTMLSelectElement] {
  const wrapper = document.createElement('label');
  wrapper.textContent = label;
  const element = document.createElement('select');
  for (const [value, text] of options) element.add(new Option(text, value));
  wrapper.append(element);
  return [wrapper, element];
}

export class PlaygroundElement extends HTMLElement {
  #built = false;

  connectedCallback(): void {
    if (this.#built) return;
    this.#built = true;
    // A new shared link opened on this page changes only the fragment: load its code too.
    window.addEventListener('hashchange', () => {
      if (parseShareFragment(location.hash)) this.#render();
    });
    this.#render();
  }

  #render(): void {
    const shared = parseShareFragment(location.hash);
    const lang: SnippetLang = shared?.lang ?? 'ts';

    const controls = document.createElement('div');
    controls.className = 'pcm-playground__controls not-content';
    const [langLabel, langSelect] = select('Language', [
      ['ts', 'TypeScript'],
      ['js', 'JavaScript'],
      ['python', 'Python'],
    ]);
    const [targetLabel, targetSelect] = select('Runs on', [
      ['main', 'the main thread (event loop)'],
      ['worker', 'a worker (its own thread)'],
    ]);
    langSelect.value = lang;
    targetSelect.value = shared?.target ?? 'main';
    controls.append(langLabel, targetLabel);

    const snippet = document.createElement('pcm-snippet') as SnippetElement;
    snippet.dataset['lang'] = lang;
    snippet.dataset['target'] = targetSelect.value;
    snippet.dataset['title'] = 'Playground';
    snippet.dataset['code'] = shared?.code ?? STARTERS[lang];
    snippet.dataset['state'] = 'idle';
    this.replaceChildren(controls, snippet);
    if (shared) snippet.dataset['loadedFromLink'] = 'true';
    void snippet.openEditor();

    const updateTarget = (): void => {
      targetLabel.hidden = langSelect.value === 'python';
    };
    langSelect.addEventListener('change', () => {
      const next = langSelect.value as SnippetLang;
      const untouched = Object.values(STARTERS).includes(snippet.code);
      snippet.dataset['lang'] = next;
      if (untouched) snippet.setCode(STARTERS[next], { asOriginal: true });
      updateTarget();
    });
    targetSelect.addEventListener('change', () => {
      snippet.dataset['target'] = targetSelect.value;
    });
    updateTarget();
  }
}
