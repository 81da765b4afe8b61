import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import axe from 'axe-core';

/**
 * Expressive Code's syntax-highlighted tokens: spans that carry their colour in each theme as
 * custom properties (`--0`, `--1`), the same selector Expressive Code's own stylesheet colours.
 */
export const codeTokenSelector = '.expressive-code .ec-line span[style^="--"]';

/**
 * axe-core with one change: its colour-contrast rule skips highlighted code tokens. A long
 * article has thousands of them and the rule measures each one, yet they only use the few
 * colours of the two syntax themes, which `code-contrast.spec.ts` checks once each. Every other
 * rule, and the contrast of everything else, is unchanged.
 */
const axeSource = `${axe.source}
axe.configure({ rules: [{ id: 'color-contrast', selector: '*:not(${codeTokenSelector})' }] });`;

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
  return new AxeBuilder({ page, axeSource }).setLegacyMode().options({ resultTypes: ['violations'] });
}
