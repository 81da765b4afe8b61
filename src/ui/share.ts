/**
 * Share links: the playground reads `#code=<base64url of the UTF-8 source>&lang=…&target=…`
 * from the URL fragment. A fragment never reaches the server, so shared code stays between
 * the people who share it.
 */
import type { SnippetLang, SnippetTarget } from '../engine-core/engine';

export interface SharedSnippet {
  code: string;
  lang: SnippetLang;
  target?: SnippetTarget;
}

export function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function fromBase64Url(encoded: string): string {
  const base64 = encoded.replaceAll('-', '+').replaceAll('_', '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

export function shareFragment(snippet: SharedSnippet): string {
  const params = new URLSearchParams({ code: toBase64Url(snippet.code), lang: snippet.lang });
  if (snippet.lang !== 'python' && snippet.target) params.set('target', snippet.target);
  return `#${params.toString()}`;
}

/** Reads a fragment; returns undefined (never throws) when it holds no valid snippet. */
export function parseShareFragment(hash: string): SharedSnippet | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const encoded = params.get('code');
  const lang = params.get('lang') ?? 'python';
  if (!encoded || !['python', 'ts', 'js'].includes(lang)) return undefined;
  let code: string;
  try {
    code = fromBase64Url(encoded);
  } catch {
    return undefined;
  }
  const snippet: SharedSnippet = { code, lang: lang as SnippetLang };
  if (lang !== 'python') snippet.target = params.get('target') === 'worker' ? 'worker' : 'main';
  return snippet;
}
