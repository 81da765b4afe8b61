import { expect, test, type Page } from './fixtures';
import AxeBuilder from '@axe-core/playwright';
import { cellText, runSnippet } from './snippets';

test.describe.configure({ timeout: 120_000 });

/** Types a comment at the end of a snippet's code in its editor: the smallest real edit. */
async function editSnippet(page: Page, snippet: ReturnType<Page['locator']>): Promise<void> {
  await snippet.getByRole('button', { name: 'Edit' }).click();
  const editor = snippet.getByRole('textbox');
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n# changed by the reader');
}

test('a snippet shows its native recording, compares a run with it, and hides it once edited', async ({ page }) => {
  await page.goto('/asyncio/');
  const snippet = page.getByRole('group', { name: 'Python snippet' }).first();
  const recording = snippet.getByRole('note', { name: 'Recorded with native CPython' });
  // Before any run: the recorded figures, labelled as recorded natively.
  await expect(recording).toContainText(
    /Recorded with CPython 3\.\d+\.\d+ natively on \d+ cores? \(.+\), \d{4}-\d\d-\d\d: wall/,
  );
  await expect(recording).toContainText('parallelism');

  expect(await runSnippet(snippet, 90_000)).toBe('done');
  await expect(recording).toContainText(/Your run: wall \d+(\.\d+)? m?s here, \d+(\.\d+)? m?s on CPython/);

  await editSnippet(page, snippet);
  await expect(recording).toHaveText(/^Recorded figures hidden: the code was edited/);
  await expect(recording).not.toContainText('Recorded with CPython');

  await snippet.getByRole('button', { name: 'Reset' }).click();
  await expect(recording).toContainText('Recorded with CPython');
});

test('an experiment shows a recorded CPython column beside the live one, and no figures for edited code', async ({
  page,
}) => {
  await page.goto('/asyncio/');
  const experiment = page.getByRole('region', { name: /Python: ten 0.2 s waits/ });
  await experiment.getByRole('button', { name: 'Run all' }).click();
  const table = experiment.getByRole('table');
  await expect(table.getByRole('row')).toHaveCount(3, { timeout: 90_000 });
  // Both snippets print their own timing, so the table compares those figures, here and natively.
  await expect(table.getByRole('columnheader', { name: 'CPython measured (recorded)' })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: 'CPython ratio (recorded)' })).toBeVisible();
  await expect(table).toContainText(/recorded with CPython 3\.\d+/);
  // The sequential waits take about 2 s natively, the gathered ones about a tenth of that.
  expect(await cellText(table, 'Gathered', 'CPython measured (recorded)')).toMatch(/^\d+ ms$/);
  expect(await cellText(table, 'Gathered', 'CPython ratio (recorded)')).toMatch(/^0\.\d\d×$/);
  const comparison = experiment.getByRole('note', { name: 'Your run compared with native CPython' });
  await expect(comparison).toContainText(/Gathered vs Awaited one by one: \d+\.\d\d× here, \d+\.\d\d× on CPython/);

  // The reader's results and the recording, in both colour schemes, pass axe.
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page }).include('pcm-experiment').analyze();
    const serious = results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(' | ')}`);
    expect(serious, colorScheme).toEqual([]);
  }

  // Edited code hides the recording in the snippet, and its next run gets no CPython figures.
  const gathered = experiment.getByRole('group', { name: 'Gathered' });
  await editSnippet(page, gathered);
  await expect(gathered.getByRole('note', { name: 'Recorded with native CPython' })).toHaveText(
    /^Recorded figures hidden: the code was edited/,
  );
  expect(await runSnippet(gathered)).toBe('done');
  await expect.poll(() => cellText(table, 'Gathered', 'CPython measured (recorded)')).toBe('hidden: code edited');
  await expect(comparison).toBeHidden();
});

test('a process snippet’s recording says in one sentence why its figures differ in the browser', async ({ page }) => {
  await page.goto('/multiprocessing/');
  const snippet = page.getByRole('group', { name: '2 processes' });
  const recording = snippet.getByRole('note', { name: 'Recorded with native CPython' });
  await expect(recording).toContainText(/Recorded with CPython 3\.\d+\.\d+ natively on \d+ cores?/);
  await expect(recording).toContainText(
    /Why figures can differ here: each process here is a Web Worker with its own CPython, booted before the timed run, while natively .+\./,
  );
  // A snippet with neither threads nor processes has nothing to explain.
  const sequential = page.getByRole('group', { name: 'sequential' });
  await expect(sequential.getByRole('note', { name: 'Recorded with native CPython' })).not.toContainText('Why');
});
