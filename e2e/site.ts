import { readFileSync } from 'node:fs';

/** Every page path the production build lists in its sitemap, e.g. `/gil/`. */
export function sitePaths(): string[] {
  const xml = readFileSync(new URL('../dist/sitemap-0.xml', import.meta.url), 'utf8');
  const paths = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => new URL(match[1] ?? '/').pathname);
  if (paths.length === 0) throw new Error('The sitemap lists no pages: run `npm run build` first.');
  return paths;
}

/** Pages whose built HTML contains at least one runnable snippet. */
export function snippetPaths(): string[] {
  return sitePaths().filter((path) =>
    readFileSync(new URL(`../dist${path}index.html`, import.meta.url), 'utf8').includes('<pcm-snippet'),
  );
}
