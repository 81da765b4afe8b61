import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import type { NodeResult } from 'axe-core';
import { readFileSync } from 'node:fs';
import { codeTokenSelector } from './axe';
import { sitePaths } from './site';

/**
 * The per-page axe checks leave out the contrast of highlighted code tokens (see e2e/axe.ts):
 * there are thousands of them, but only as many distinct looks as the syntax themes have
 * colours. This test finds every distinct look the built pages use, in each colour scheme, and
 * has axe's own colour-contrast rule (WCAG AA, 4.5:1 for code-sized text) judge one token of
 * each, so every token colour is checked exactly once against the background it is shown on.
 */

/** Expressive Code numbers the themes in the order astro.config.mjs lists them. */
const themeIndex = { dark: 0, light: 1 } as const;

/**
 * The distinct colours the built pages give visible code tokens in one theme, read from the
 * custom properties Expressive Code writes on each token (`--0:#dbd7caee;--1:#393a34`).
 */
function themeTokenColours(colorScheme: keyof typeof themeIndex): Set<string> {
  const colours = new Set<string>();
  const property = new RegExp(`(?:^|;)--${themeIndex[colorScheme]}:(#[0-9a-f]+)`, 'i');
  for (const path of sitePaths()) {
    const html = readFileSync(new URL(`../dist${path}index.html`, import.meta.url), 'utf8');
    for (const [, style = '', text = ''] of html.matchAll(/<span style="(--[^"]*)">([^<]*)<\/span>/g)) {
      const colour = property.exec(style)?.[1];
      if (colour && text.trim() !== '') colours.add(colour.toLowerCase());
    }
  }
  return colours;
}

/** The attribute that marks the one token axe judges for each look. */
const sampleAttribute = 'data-contrast-sample';

/** What axe's colour-contrast check records about a node it measured. */
interface ContrastData {
  fgColor: string;
  bgColor: string;
  contrastRatio: number;
}

interface Sample {
  /** The token's colour, background layers and font, as computed by the browser. */
  look: string;
  /** The token's colour alone, as computed by the browser. */
  colour: string;
  /** The token's text, to name it in a failure. */
  text: string;
}

/**
 * Marks, on the current page, one token for each look not in `seen`, and returns those looks
 * in the order of the marks' values. A look is the token's colour, every background colour and
 * image from the token down to the first opaque colour behind it, and its font size and
 * weight: two tokens that share a look have the same contrast by the rule's measure.
 */
function markNewLooks({
  selector,
  seen,
  attribute,
}: {
  selector: string;
  seen: string[];
  attribute: string;
}): Sample[] {
  const lookOf = (token: HTMLElement): string => {
    const layers: string[] = [];
    for (let element: Element | null = token; element; element = element.parentElement) {
      const { backgroundColor, backgroundImage } = getComputedStyle(element);
      if (backgroundImage !== 'none') layers.push(backgroundImage);
      if (backgroundColor !== 'rgba(0, 0, 0, 0)') layers.push(backgroundColor);
      // Chrome writes opaque colours as rgb(…): nothing further down shows through one.
      if (backgroundColor.startsWith('rgb(')) break;
    }
    const { color, fontSize, fontWeight } = getComputedStyle(token);
    return `${color} on ${layers.join(' over ')}, ${fontSize} ${fontWeight}`;
  };
  // axe only judges text it can see, so a hidden token, or one scrolled out of sight in a wide
  // code block, is a sample of last resort.
  const inSight = (token: HTMLElement): boolean => {
    const box = token.getBoundingClientRect();
    const frame = token.closest('pre')?.getBoundingClientRect();
    return frame !== undefined && box.width > 0 && box.left >= frame.left && box.right <= frame.right;
  };

  const known = new Set(seen);
  const chosen = new Map<string, HTMLElement>();
  const fallback = new Map<string, HTMLElement>();
  for (const token of document.querySelectorAll<HTMLElement>(selector)) {
    if (token.textContent?.trim() === '') continue;
    const look = lookOf(token);
    if (known.has(look) || chosen.has(look)) continue;
    if (inSight(token)) chosen.set(look, token);
    else if (!fallback.has(look)) fallback.set(look, token);
  }
  for (const [look, token] of fallback) if (!chosen.has(look)) chosen.set(look, token);

  return [...chosen].map(([look, token], index) => {
    const text = token.textContent?.trim() ?? '';
    // axe skips text with no letter or digit, such as a lone bracket, yet brackets are read
    // too. Contrast depends on the colours and the font, not on the characters, so such a
    // sample shows two letters while axe judges it (one alone is too short for it).
    if (!/[\p{L}\p{N}]/u.test(text)) token.textContent = 'ab';
    token.setAttribute(attribute, String(index));
    return { look, colour: getComputedStyle(token).color, text };
  });
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`every syntax colour in code blocks passes axe's WCAG AA contrast check (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    const checked: string[] = [];
    const colours = new Set<string>();
    const failures: string[] = [];
    for (const path of sitePaths()) {
      await page.goto(path);
      const samples = await page.evaluate(markNewLooks, {
        selector: codeTokenSelector,
        seen: checked,
        attribute: sampleAttribute,
      });
      if (samples.length === 0) continue;

      const results = await new AxeBuilder({ page })
        .include(`[${sampleAttribute}]`)
        .withRules(['color-contrast'])
        .analyze();
      // Which sample a node is: axe quotes the element's opening tag, mark included.
      const sampleOf = (html: string): Sample | undefined => {
        const index = new RegExp(`${sampleAttribute}="(\\d+)"`).exec(html)?.[1];
        return index === undefined ? undefined : samples[Number(index)];
      };
      const measured = (node: NodeResult): ContrastData | undefined => {
        const data = node.any[0]?.data as ContrastData | null | undefined;
        // axe passes text it finds hidden without measuring it: that is no check.
        return typeof data?.contrastRatio === 'number' ? data : undefined;
      };
      const judged = new Set<Sample | undefined>();
      for (const node of results.passes.flatMap((rule) => rule.nodes)) {
        if (measured(node)) judged.add(sampleOf(node.html));
      }
      for (const node of results.violations.flatMap((rule) => rule.nodes)) {
        const sample = sampleOf(node.html);
        const data = measured(node);
        judged.add(sample);
        failures.push(
          `${path} "${sample?.text}": ${data?.fgColor} on ${data?.bgColor} is ${data?.contrastRatio}:1 (${sample?.look})`,
        );
      }
      // A token axe could not judge (say, one it found covered) would otherwise go unchecked.
      const reasons = new Map<Sample | undefined, string>();
      for (const node of results.incomplete.flatMap((rule) => rule.nodes)) {
        reasons.set(sampleOf(node.html), node.any[0]?.message ?? '');
      }
      for (const sample of samples) {
        if (judged.has(sample)) continue;
        const reason = reasons.get(sample) ?? 'the rule did not apply or found it hidden';
        failures.push(`${path} "${sample.text}": axe could not judge it: ${reason} (${sample.look})`);
      }
      for (const sample of samples) {
        checked.push(sample.look);
        colours.add(sample.colour);
      }
    }
    await test.info().attach('looks checked', { body: checked.join('\n'), contentType: 'text/plain' });
    expect(failures).toEqual([]);
    // Every colour the theme gives a token somewhere on the site was among those judged: this
    // fails if the selector stops finding tokens, or if a theme's colours were never shown.
    expect(colours.size).toBe(themeTokenColours(colorScheme).size);
  });
}
