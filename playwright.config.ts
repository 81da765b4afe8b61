import { defineConfig } from '@playwright/test';
import { PORT, STATIC_PORT } from './e2e/ports';
import { CHROMIUM_ARGS } from './scripts/chromium-args.mjs';

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
      args: ['--disable-quic', '--no-first-run', ...CHROMIUM_ARGS],
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
