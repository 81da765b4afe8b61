import { expect, test } from '@playwright/test';
import { pageAxe } from './axe';
import { sitePaths } from './site';

for (const path of sitePaths()) {
  test.describe(`page ${path}`, () => {
    test('loads with a heading, no console errors, nothing from another origin, isolated', async ({
      page,
      baseURL,
    }) => {
      const errors: string[] = [];
      const foreign: string[] = [];
      const origin = new URL(baseURL ?? '').origin;
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('request', (request) => {
        const url = new URL(request.url());
        if ((url.protocol === 'http:' || url.protocol === 'https:') && url.origin !== origin) foreign.push(url.href);
      });

      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
      expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
      await page.waitForLoadState('networkidle');
      expect(errors).toEqual([]);
      expect(foreign).toEqual([]);
    });

    for (const colorScheme of ['light', 'dark'] as const) {
      test(`has no serious or critical axe violations (${colorScheme})`, async ({ page }) => {
        await page.emulateMedia({ colorScheme });
        await page.goto(path);
        // Expressive Code makes overflowing code blocks focusable after layout settles; wait for it.
        await page.waitForFunction(() =>
          [...document.querySelectorAll('.expressive-code pre')].every(
            (pre) => pre.scrollWidth <= pre.clientWidth || pre.hasAttribute('tabindex'),
          ),
        );
        // Every rule over the whole page; highlighted code tokens' contrast is checked once per
        // colour in code-contrast.spec.ts instead (see e2e/axe.ts).
        const results = await pageAxe(page).analyze();
        const serious = results.violations
          .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
          .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(' | ')}`);
        expect(serious).toEqual([]);
      });
    }

    test('fits a 375 px wide phone screen without sideways scrolling', async ({ page }) => {
      await page.setViewportSize({ width: 375, height: 800 });
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  });
}
