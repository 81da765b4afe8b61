import { defineConfig } from '@playwright/test';
import { PORT, STATIC_PORT } from './e2e/ports';

/**
 * End-to-end tests run against the production build (`astro build` first, then
 * `astro preview`), in the Chromium the machine already has: browser downloads are
 * not possible here, so `CHROMIUM_PATH` (default Debian's /usr/bin/chromium) is used.
 * `PORT` and `STATIC_PORT` move the two servers off their default ports (see e2e/ports.ts).
 */

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  workers: 2,
  retries: process.env['CI'] ? 1 : 0,
  reporter: [['list']],
  timeout: 60_000,
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // A reader's tab is in the foreground; headless Chromium otherwise treats the page
        // as hidden and lowers its workers' priority, which was measured to halve and
        // double the speed of the same Python code from one moment to the next.
        '--disable-renderer-backgrounding',
        '--disable-background-timer-throttling',
        '--disable-backgrounding-occluded-windows',
      ],
    },
  },
  projects: [
    {
      name: 'site',
      testIgnore: /(snippets|threads|processes|managers|output-and-stop|fidelity|native|differential)\.spec\.ts/,
    },
    {
      // Snippet runs measure CPU-bound speed-ups, so they run one at a time, after the
      // page checks, with nothing else competing for the cores.
      name: 'engines',
      testMatch: /(snippets|threads|processes|managers|output-and-stop|fidelity|native|differential)\.spec\.ts/,
      fullyParallel: false,
      // One spec file at a time too: threads and processes specs must not share the cores.
      workers: 1,
      dependencies: ['site'],
    },
  ],
  webServer: [
    {
      command: `astro preview --host 127.0.0.1 --port ${PORT}`,
      url: `http://127.0.0.1:${PORT}/`,
      reuseExistingServer: !process.env['CI'],
      timeout: 60_000,
    },
    {
      // The same build served with no isolation headers, as GitHub Pages would.
      command: `node scripts/serve-static.mjs dist ${STATIC_PORT}`,
      url: `http://127.0.0.1:${STATIC_PORT}/`,
      reuseExistingServer: !process.env['CI'],
      timeout: 30_000,
    },
  ],
});
