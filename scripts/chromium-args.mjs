// Chromium's flags wherever the project measures or tests the site (playwright.config.ts and the
// benchmark scripts), so that the e2e tests and the benchmarks see the page the same way.

/**
 * No background traffic, and the page kept in the foreground as a reader's tab is: headless
 * Chromium otherwise treats the page as hidden and lowers its workers' priority, which was
 * measured to halve and double the speed of the same Python code from one moment to the next.
 * @type {string[]}
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
];
