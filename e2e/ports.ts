/**
 * The ports the end-to-end servers listen on. `PORT` and `STATIC_PORT` override the
 * defaults so that two checkouts on one machine can run their suites side by side
 * (Playwright would otherwise reuse whichever server already holds the port).
 */
export const PORT = Number(process.env['PORT'] ?? 4321);

/** The port of the plain static server, which sends no isolation headers. */
export const STATIC_PORT = Number(process.env['STATIC_PORT'] ?? 4322);
