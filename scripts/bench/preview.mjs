// The production build served as a host would serve it, and a browser that sees it as a reader
// would, for the benchmark scripts.
import { spawn } from 'node:child_process';

export { CHROMIUM_ARGS } from '../chromium-args.mjs';

/**
 * Starts `astro preview` on 127.0.0.1:`port` and resolves once it answers, with its base URL
 * and a function that stops it (also called when the process exits). Rejects after about
 * 20 s without an answer.
 */
export async function startPreview(port) {
  const base = `http://127.0.0.1:${port}`;
  const server = spawn('npx', ['astro', 'preview', '--host', '127.0.0.1', '--port', String(port), '--force'], {
    stdio: 'ignore',
    detached: true,
  });
  const stop = () => {
    try {
      process.kill(-server.pid);
    } catch {
      // Already gone.
    }
  };
  process.on('exit', stop);
  for (let attempt = 0; ; attempt += 1) {
    try {
      if ((await fetch(base)).ok) break;
    } catch {
      if (attempt > 100) throw new Error('the preview server did not start');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { base, stop };
}
