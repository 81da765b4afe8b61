/**
 * The differential suite, the part that needs the browser's workers (processes): every
 * such program of src/engines/python/interpreter-tests/differential/ runs in one
 * playground page, one after the other, and must print (on stdout) exactly what CPython
 * prints. See differential.ts for the layout and where the expected output comes from.
 */
import { expect, test } from './fixtures';
import { programs, references } from '../src/engines/python/interpreter-tests/differential';
import { openPlayground, outputOf, runSnippet } from './snippets';

const browserPrograms = programs().filter((program) => program.where === 'browser');
// Native CPython runs them meanwhile (see differential.ts).
const expectations = references(browserPrograms);

test.describe.configure({ timeout: 120_000 + 60_000 * browserPrograms.length });

test('differential: programs with processes print what CPython prints', async ({ page }) => {
  const snippet = await openPlayground(page, 'print("warming up")\n', 'python');
  expect(await runSnippet(snippet, 120_000)).toBe('done');
  const failures: string[] = [];
  let compared = 0;
  for (const program of browserPrograms) {
    const expected = await expectations.get(program.id);
    await snippet.evaluate(
      (element, source) => (element as unknown as { setCode(code: string): void }).setCode(source),
      program.source,
    );
    const state = await runSnippet(snippet, 120_000);
    const stdout = await outputOf(snippet)
      .locator('[data-stream="stdout"]')
      .evaluateAll((spans) => spans.map((span) => span.textContent ?? '').join(''));
    compared += 1;
    if (state !== 'done' || stdout !== expected) {
      const all = await outputOf(snippet).innerText();
      failures.push(`${program.id} (${program.behaviour}): ${state}\n--- expected\n${expected}--- got\n${all}`);
    }
  }
  expect(failures, failures.join('\n\n')).toEqual([]);
  expect(compared).toBeGreaterThan(0);
});
