import { expect, type Locator, type Page } from '@playwright/test';

export interface Summary {
  wall_ms: number;
  cpu_ms: number;
  parallelism: number;
  lanes: Array<{ name: string; spans: Array<{ kind: string; start: number; end: number; label?: string }> }>;
}

const FINISHED = /^(done|error|stopped)$/;

/** Clicks a snippet's Run button and waits until its data-state says the run is over. */
export async function runSnippet(snippet: Locator, timeout = 30_000): Promise<string> {
  await snippet.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(snippet).toHaveAttribute('data-state', FINISHED, { timeout });
  return (await snippet.getAttribute('data-state')) ?? '';
}

export async function summaryOf(snippet: Locator): Promise<Summary> {
  return JSON.parse((await snippet.getAttribute('data-summary')) ?? 'null') as Summary;
}

export function outputOf(snippet: Locator): Locator {
  return snippet.locator('[data-output]');
}

/** Opens the playground with code in the fragment, exactly as a shared link would. */
export async function openPlayground(page: Page, code: string, lang = 'ts', target = 'main'): Promise<Locator> {
  const encoded = Buffer.from(code, 'utf8').toString('base64url');
  await page.goto(`/playground/#code=${encoded}&lang=${lang}&target=${target}`);
  const snippet = page.locator('pcm-playground pcm-snippet');
  await expect(snippet).toHaveAttribute('data-state', 'idle');
  return snippet;
}

/** The text of a results table's cell, found by its row header and column header as a reader would. */
export async function cellText(table: Locator, row: string, column: string): Promise<string> {
  const headers = await table.getByRole('columnheader').allInnerTexts();
  const index = headers.findIndex((header) => header.trim() === column);
  expect(index, `column ${column} in ${headers.join(' | ')}`).toBeGreaterThan(0);
  const cells = table.getByRole('row').filter({ has: table.page().getByRole('rowheader', { name: row, exact: true }) });
  // The row header is the first column; the cells after it are numbered from 0.
  return (
    await cells
      .getByRole('cell')
      .nth(index - 1)
      .innerText()
  ).trim();
}
