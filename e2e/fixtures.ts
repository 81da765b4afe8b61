/**
 * The fixtures of the engine tests: each test opens a fresh browser context, as a reader opens
 * a fresh page, but by default as a *returning* reader, whose browser already keeps the memory
 * image that the page's interpreters restore from (Cache Storage). A reader's first visit
 * downloads the image the site's build made, and keeps it; every later visit finds it kept. Both
 * are real readers: tests of the first visit ask for it with `test.use({ firstVisit: true })`,
 * and the others start where a returning reader starts.
 *
 * The image is not made by the test: the worker's first use opens the playground in a context of
 * its own, runs one line of Python (the page keeps the image), and copies what the page kept.
 * Each later context gets that copy before its first page opens.
 */
import { test as base, expect } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { PORT } from './ports';
import { openPlayground, runSnippet } from './snippets';

/** Every entry of every Cache Storage cache of the site's origin. */
interface KeptCaches {
  /** Each body gzip-compressed. */
  entries: Array<{ cache: string; url: string; body: Buffer }>;
}

const ORIGIN = `http://127.0.0.1:${PORT}`;
/** Addresses the tests answer themselves (never the site's): a blank page and the bytes to copy. */
const BLANK = `${ORIGIN}/__e2e__/blank`;
const BYTES = `${ORIGIN}/__e2e__/bytes`;

export const test = base.extend<{ firstVisit: boolean }, { keptCaches: KeptCaches }>({
  firstVisit: [false, { option: true }],
  keptCaches: [
    async ({ browser }, use) => {
      const context = await browser.newContext({ baseURL: ORIGIN });
      const page = await context.newPage();
      const snippet = await openPlayground(page, 'print("making the image")\n', 'python');
      expect(await runSnippet(snippet, 120_000)).toBe('done');
      // The page keeps the image without waiting until it is kept: wait here instead.
      const listed = async (): Promise<Array<{ cache: string; url: string }>> =>
        page.evaluate(async () => {
          const found: Array<{ cache: string; url: string }> = [];
          for (const cache of await caches.keys()) {
            for (const request of await (await caches.open(cache)).keys()) found.push({ cache, url: request.url });
          }
          return found;
        });
      await expect.poll(async () => (await listed()).length, { timeout: 30_000 }).toBeGreaterThan(0);
      const entries: KeptCaches['entries'] = [];
      for (const { cache, url } of await listed()) {
        // The bytes leave the page as a request body, which Playwright hands over whole.
        let body: Buffer | null = null;
        await context.route(BYTES, async (route) => {
          body = route.request().postDataBuffer();
          await route.fulfill({ status: 204 });
        });
        await page.evaluate(
          async ({ cache, url, to }) => {
            const response = await (await caches.open(cache)).match(url);
            await fetch(to, { method: 'POST', body: await response!.blob() });
          },
          { cache, url, to: BYTES },
        );
        await context.unroute(BYTES);
        if (!body) throw new Error(`could not copy ${url} out of Cache Storage`);
        entries.push({ cache, url, body: gzipSync(body, { level: 1 }) });
      }
      await context.close();
      await use({ entries });
    },
    { scope: 'worker', timeout: 180_000 },
  ],
  context: async ({ context, firstVisit, keptCaches }, use) => {
    if (!firstVisit) {
      await context.route(BLANK, (route) =>
        route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>-</title>' }),
      );
      const page = await context.newPage();
      await page.goto(BLANK);
      for (const { cache, url, body } of keptCaches.entries) {
        // Compressed: the image is mostly zeros, and the bytes cross from the test to the browser faster.
        await context.route(BYTES, (route) => route.fulfill({ contentType: 'application/gzip', body }));
        await page.evaluate(
          async ({ cache, url, from }) => {
            const gzipped = (await fetch(from)).body!;
            const bytes = await new Response(gzipped.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
            await (await caches.open(cache)).put(url, new Response(bytes));
          },
          { cache, url, from: BYTES },
        );
        await context.unroute(BYTES);
      }
      await page.close();
      await context.unroute(BLANK);
    }
    await use(context);
  },
});

export { expect };
export type { Locator, Page } from '@playwright/test';
