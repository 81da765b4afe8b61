import { defineConfig } from 'vitest/config';

/**
 * Two kinds of tests: fast unit tests of plain TypeScript, and tests that boot real
 * CPython (Pyodide under Node) to check the Python package; the latter take seconds each.
 */
const interpreterTests = 'src/engines/python/interpreter-tests/**/*.test.ts';

export default defineConfig({
  test: {
    environment: 'node',
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'], exclude: [interpreterTests] },
      },
      { extends: true, test: { name: 'interpreter', include: [interpreterTests] } },
    ],
  },
});
