import { expect, test } from '@playwright/test';

test('search finds the GIL article', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Search' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Search' }).fill('GIL');
  await expect(dialog.getByRole('link', { name: /GIL/ }).first()).toBeVisible();
});

test('the search button is named by the words it shows', async ({ page }) => {
  await page.goto('/');
  const button = page.locator('site-search button[data-open-modal]');
  await expect(button).toBeEnabled();
  // What a sighted reader sees on the button, e.g. "Search Ctrl K", is what speech input and
  // screen readers get as its name.
  const shown = (await button.innerText()).split(/\s+/).join(' ');
  expect(shown).toMatch(/^Search \S+ K$/);
  await expect(button).toHaveAccessibleName(shown);
});

test('dark mode persists across navigation', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/concurrency-vs-parallelism/');
  await page.getByRole('combobox', { name: 'Select theme' }).first().selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.locator('a[rel="next"]').click();
  await expect(page).toHaveURL(/\/gil\/$/);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('articles are linked in reading order with previous and next links', async ({ page }) => {
  const order = [
    '/',
    '/concurrency-vs-parallelism/',
    '/gil/',
    '/threading/',
    '/multiprocessing/',
    '/asyncio/',
    '/choosing/',
    '/faq/',
  ];
  await page.goto(order[0] ?? '/');
  for (const next of order.slice(1)) {
    await page.locator('a[rel="next"]').click();
    await expect(page).toHaveURL(new RegExp(`${next.replaceAll('/', '\\/')}$`));
  }
});

test('the decision flowchart is reachable with the keyboard', async ({ page }) => {
  await page.goto('/choosing/');
  const chart = page.getByRole('figure', { name: /which concurrency model/i });
  const links = chart.getByRole('link');
  const expected = await links.evaluateAll((anchors) => anchors.map((anchor) => (anchor as HTMLAnchorElement).href));
  expect(expected.length).toBeGreaterThanOrEqual(4);

  // Tab from the top of the page and record every flowchart link that takes focus.
  const reached = new Set<string>();
  for (let presses = 0; presses < 200 && reached.size < expected.length; presses += 1) {
    await page.keyboard.press('Tab');
    const href = await page.evaluate(() => {
      const active = document.activeElement;
      return active instanceof HTMLAnchorElement && active.closest('figure') ? active.href : null;
    });
    if (href) reached.add(href);
  }
  expect([...reached].sort()).toEqual([...new Set(expected)].sort());
});
