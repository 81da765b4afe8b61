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
