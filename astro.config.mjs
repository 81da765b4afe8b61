// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import { unified } from '@astrojs/markdown-remark';
import remarkRunnable from './src/site/markdown/remark-runnable.ts';
import { readFileSync, statSync } from 'node:fs';
import { PYODIDE_FILES } from './scripts/pyodide-files.mjs';
import { imageFile } from './src/engines/python/boot.ts';
import { readPackageFiles } from './scripts/python-package.mjs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// What native CPython measured for each Python snippet (`npm run record-native` writes it); the
// build puts each snippet's figures into its page and warns about snippets it has none for.
const nativeRecordings = JSON.parse(
  readFileSync(new URL('./src/site/data/native-recordings.json', import.meta.url), 'utf8'),
);

// The interpreter is served from /pyodide/<version>/ (scripts/copy-pyodide.mjs copies it there).
const pyodideDir = dirname(createRequire(import.meta.url).resolve('pyodide'));
const pyodideVersion = JSON.parse(readFileSync(join(pyodideDir, 'package.json'), 'utf8')).version;
// File name to size in bytes, so the page can show how much of the interpreter has downloaded.
const pyodideFiles = Object.fromEntries(PYODIDE_FILES.map((file) => [file, statSync(join(pyodideDir, file)).size]));
// The gzipped memory image scripts/make-image.mjs made, downloaded on a browser's first visit:
// its size, and its size unzipped (a gzip file's last four bytes), for the download's progress.
// None (zeros): that browser then boots CPython in full and makes the image itself. Its name
// says what it holds (the package among it), for the build and for the page alike.
const pyodideImageFile = imageFile(readPackageFiles());
const imagePath = new URL(`./public/pyodide/${pyodideVersion}/${pyodideImageFile}.gz`, import.meta.url);
const imageGzipped = statSync(imagePath, { throwIfNoEntry: false }) ? readFileSync(imagePath) : undefined;
const pyodideImage = {
  file: pyodideImageFile,
  bytes: imageGzipped?.length ?? 0,
  unzippedBytes: imageGzipped ? imageGzipped.readUInt32LE(imageGzipped.length - 4) : 0,
};

/**
 * Every page is served cross-origin isolated, because the runnable snippets need
 * SharedArrayBuffer (interrupts, shared memory) and fine-grained timers.
 * `public/_headers` repeats these for static hosts that read it.
 */
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export default defineConfig({
  // The public address, used for the sitemap and canonical links; set SITE_URL when deploying.
  site: process.env['SITE_URL'] ?? 'https://python-concurrency.example',
  server: { headers: isolationHeaders },
  // Runnable fences become <pcm-snippet> elements before Expressive Code highlights them.
  markdown: { processor: unified({ remarkPlugins: [[remarkRunnable, { native: nativeRecordings }]] }) },
  vite: {
    server: { headers: isolationHeaders },
    preview: { headers: isolationHeaders },
    worker: { format: 'es' },
    define: {
      __PYODIDE_VERSION__: JSON.stringify(pyodideVersion),
      __PYODIDE_FILES__: JSON.stringify(pyodideFiles),
      __PYODIDE_IMAGE__: JSON.stringify(pyodideImage),
    },
  },
  integrations: [
    starlight({
      title: 'Concurrency, measured',
      description:
        'Python threads, processes and asyncio taught with experiments that run and time themselves in your browser.',
      customCss: ['./src/site/styles/theme.css', './src/site/styles/snippet.css', './src/site/styles/timeline.css'],
      components: { Head: './src/site/components/Head.astro', Search: './src/site/components/Search.astro' },
      expressiveCode: { themes: ['vitesse-dark', 'vitesse-light'] },
      lastUpdated: false,
      pagination: true,
      sidebar: [
        { label: 'Start here', items: ['index'] },
        {
          label: 'Foundations',
          items: ['concurrency-vs-parallelism', 'gil'],
        },
        {
          label: 'The three models',
          items: ['threading', 'multiprocessing', 'asyncio'],
        },
        { label: 'Putting it together', items: ['choosing', 'faq'] },
        { label: 'Tools', items: ['playground', 'runtime'] },
      ],
    }),
  ],
});
