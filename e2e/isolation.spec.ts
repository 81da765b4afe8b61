import { expect, test } from '@playwright/test';
import { STATIC_PORT } from './ports';

test('a host that sends no isolation headers still ends up cross-origin isolated', async ({ page }) => {
  // STATIC_PORT serves the same build with a plain static server (see playwright.config.ts).
  await page.goto(`http://127.0.0.1:${STATIC_PORT}/gil/`);
  await expect
    .poll(async () => page.evaluate(() => globalThis.crossOriginIsolated).catch(() => false), { timeout: 15_000 })
    .toBe(true);
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
});
