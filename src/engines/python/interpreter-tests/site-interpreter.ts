/**
 * A Pyodide interpreter under Node set up as the site's worker sets up its own: the GIL
 * scheduler, `_pcm_js`, a stand-in for the process hub, and the site's Python package,
 * installed. Shared by the tests that run the package in real CPython.
 */
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { makeImage as imageOf, writePackage } from '../boot';
import { CONTROL_WORDS } from '../constants';
import { Gil } from '../gil';
import { workerClock } from '../gil-clock';
import { pcmJsModule } from '../js-module';
import { PACKAGE_FILES } from '../package';
import { createClient } from '../processes/client';
import { stopSignal } from '../stop-signal';

export interface SiteOptions {
  /** Where stderr goes (by default with stdout, through `write`). */
  stderr?: (text: string) => void;
  /** A memory image (see `makeImage`) to start from, as the page's later interpreters do. */
  image?: Uint8Array;
  /** The core count the browser would report. */
  cores?: number;
  /** False: the package is written and importable, but `pcm.install()` is left to the test. */
  install?: boolean;
}

/** A decoder per stream that hands on exactly what Python wrote, partial lines included. */
function rawStream(write: (text: string) => void): { write(buffer: Uint8Array): number; isatty: boolean } {
  const decoder = new TextDecoder();
  return {
    isatty: true,
    write: (buffer) => (write(decoder.decode(buffer, { stream: true })), buffer.length),
  };
}

/** Boots CPython in full, imports what the page's image holds, and returns the image. */
export async function makeImage(): Promise<Uint8Array> {
  return imageOf(await loadPyodide({ _makeSnapshot: true }), PACKAGE_FILES);
}

export async function loadSiteInterpreter(
  write: (text: string) => void,
  options: SiteOptions = {},
): Promise<PyodideAPI> {
  const py = await loadPyodide(options.image ? { _loadSnapshot: options.image } : {});
  if (options.image) {
    py.setStdout(rawStream(write));
    py.setStderr(rawStream(options.stderr ?? write));
  } else {
    py.setStdout({ batched: (text: string) => write(`${text}\n`) });
    if (options.stderr) py.setStderr(rawStream(options.stderr));
  }
  const gil = new Gil(Number(py.runPython('import _thread; _thread.get_ident()')), workerClock());
  const control = new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * 4));
  const interrupt = new Int32Array(new SharedArrayBuffer(4));
  const stop = stopSignal(control, interrupt, () => gil.interrupt());
  py.registerJsModule('_pcm_js', pcmJsModule({ gil, control, stop, reportError: write }));
  // Child processes need browser workers: here the process client talks to a hub that only
  // answers the end of a run, so a wait for a process lasts until it is interrupted.
  const listeners: Array<(event: MessageEvent) => void> = [];
  const silentHub = {
    postMessage(message: { kind: string; id: number; op: string }) {
      if (message.kind !== 'call' || message.op !== 'end_run') return;
      const reply = { data: { kind: 'reply', id: message.id, value: [] } } as MessageEvent;
      setTimeout(() => listeners.forEach((listener) => listener(reply)), 0);
    },
    addEventListener: (_type: string, listener: (event: MessageEvent) => void) => void listeners.push(listener),
  };
  const cores = options.cores ?? 2;
  py.registerJsModule('_pcm_proc', { ...createClient(silentHub, () => stop.take()), cpu_count: () => cores });
  writePackage(py, PACKAGE_FILES);
  if (options.install !== false) py.runPython('import pcm; pcm.install()');
  return py;
}
