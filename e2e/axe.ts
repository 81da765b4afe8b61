import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/**
 * An axe run over the whole page that reports its violations in full, for the per-page checks.
 *
 * It runs axe in the page (`axe.run`, "legacy mode") and keeps only one example node for
 * passes and other results. By default the Playwright wrapper runs axe in every frame and then
 * assembles the report in a second, blank page: on /multiprocessing/ that meant moving about
 * 12 MB of per-node results (mostly passes) out of the page and into the other, which took
 * about four times as long as axe's own checks. The legacy mode skips only frames from another
 * origin, and the site has none: the page test asserts that no page requests anything from
 * another origin.
 */
export function pageAxe(page: Page): AxeBuilder {
  return new AxeBuilder({ page }).setLegacyMode().options({ resultTypes: ['violations'] });
}
