// Prints, for every page of the production build, the gzip size of its HTML and of the
// CSS and JavaScript a browser loads before the reader interacts: stylesheets, module
// scripts and everything they import statically. Dynamic imports (search, and later the
// snippet engines) are loaded on demand, so they are not counted here.
// Fails when an article page ships more than the JavaScript budget.
// Usage: node scripts/size-report.mjs [distDir]
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const JS_BUDGET_BYTES = 60 * 1024;
const dist = resolve(process.argv[2] ?? 'dist');

const gzipBytes = (text) => gzipSync(Buffer.from(text), { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

async function htmlFiles(dir) {
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((name) => name.endsWith('.html')).map((name) => join(dir, name));
}

/** Resolves a URL found in a page or a module to a file inside dist. */
function fileFor(url, fromFile) {
  if (/^(?:[a-z]+:)?\/\//i.test(url) || url.startsWith('data:')) return undefined;
  return url.startsWith('/') ? join(dist, url.split(/[?#]/)[0]) : resolve(dirname(fromFile), url.split(/[?#]/)[0]);
}

/** A module and every module it imports statically, each counted once. */
async function moduleGraph(file, seen) {
  if (seen.has(file)) return;
  seen.add(file);
  const code = await readFile(file, 'utf8');
  const imports = [
    ...code.matchAll(/\bimport\s*(?:[\w$*{}\s,]+from\s*)?["']([^"']+)["']/g),
    ...code.matchAll(/\bexport\s*[\w$*{}\s,]+from\s*["']([^"']+)["']/g),
  ];
  for (const [, specifier] of imports) {
    const target = fileFor(specifier, file);
    if (target) await moduleGraph(target, seen);
  }
}

async function measure(htmlFile) {
  const html = await readFile(htmlFile, 'utf8');
  const css = new Set();
  const modules = new Set();
  let inlineJs = '';
  let inlineCss = '';
  for (const [tag] of html.matchAll(/<link\b[^>]*>/g)) {
    const href = /href="([^"]+)"/.exec(tag)?.[1];
    const file = href && fileFor(href, htmlFile);
    if (!file) continue;
    if (/rel="stylesheet"/.test(tag)) css.add(file);
    if (/rel="modulepreload"/.test(tag)) await moduleGraph(file, modules);
  }
  for (const [, attrs, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    if (/type="(?:application\/(?:ld\+)?json|text\/template)"/.test(attrs)) continue;
    const src = /src="([^"]+)"/.exec(attrs)?.[1];
    const file = src && fileFor(src, htmlFile);
    if (file) await moduleGraph(file, modules);
    else inlineJs += body;
  }
  for (const [, body] of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g)) inlineCss += body;

  const concat = async (files) => (await Promise.all([...files].map((f) => readFile(f, 'utf8')))).join('\n');
  return {
    page:
      '/' +
      relative(dist, htmlFile)
        .replace(/index\.html$/, '')
        .replace(/\.html$/, '/'),
    html: gzipBytes(html),
    css: gzipBytes(inlineCss + (await concat(css))),
    js: inlineJs || modules.size ? gzipBytes(inlineJs + (await concat(modules))) : 0,
  };
}

const rows = await Promise.all((await htmlFiles(dist)).map(measure));
rows.sort((a, b) => a.page.localeCompare(b.page));
const width = Math.max(...rows.map((row) => row.page.length), 4);
console.log(
  `${'page'.padEnd(width)}  ${'HTML'.padStart(9)}  ${'CSS'.padStart(9)}  ${'JS'.padStart(9)}   (gzip, before any interaction)`,
);
let over = 0;
for (const row of rows) {
  const flag = row.js > JS_BUDGET_BYTES ? `  over the ${kb(JS_BUDGET_BYTES)} JS budget` : '';
  if (flag) over += 1;
  console.log(
    `${row.page.padEnd(width)}  ${kb(row.html).padStart(9)}  ${kb(row.css).padStart(9)}  ${kb(row.js).padStart(9)}${flag}`,
  );
}
const max = Math.max(...rows.map((row) => row.js));
console.log(`\n${rows.length} pages; largest JS ${kb(max)} of a ${kb(JS_BUDGET_BYTES)} budget.`);
process.exitCode = over === 0 ? 0 : 1;
