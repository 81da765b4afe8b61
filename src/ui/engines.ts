/**
 * Which engine runs which language. Engines are loaded on demand (the Python one pulls in a
 * large interpreter), so a page that never runs a snippet loads none of them.
 */
import type { Engine, SnippetLang } from '../engine-core/engine';

const loaders: Record<SnippetLang, () => Promise<Engine>> = {
  python: () => import('../engines/python/engine').then((module) => module.pythonEngine),
  ts: () => import('../engines/js/engine').then((module) => module.jsEngine),
  js: () => import('../engines/js/engine').then((module) => module.jsEngine),
};

export function engineFor(lang: SnippetLang): Promise<Engine> {
  return loaders[lang]();
}
