/**
 * A Pyodide interpreter under Node set up as the site's worker sets up its own: the GIL
 * scheduler, `_pcm_js`, a stand-in for the process hub, and the site's Python package,
 * installed. Shared by the tests that run the package in real CPython.
 */
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { CONTROL_WORDS } from '../constants';
import { Gil } from '../gil';
import { workerClock } from '../gil-clock';
import { pcmJsModule } from '../js-module';
import { writePackage } from '../package';
import { stopSignal } from '../stop-signal';

export async function loadSiteInterpreter(write: (text: string) => void): Promise<PyodideAPI> {
  const py = await loadPyodide();
  py.setStdout({ batched: (text: string) => write(`${text}\n`) });
  const gil = new Gil(Number(py.runPython('import _thread; _thread.get_ident()')), workerClock());
  const control = new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * 4));
  const interrupt = new Int32Array(new SharedArrayBuffer(4));
  const stop = stopSignal(control, interrupt, () => gil.interrupt());
  py.registerJsModule('_pcm_js', pcmJsModule({ gil, control, stop, reportError: write }));
  // Child processes need browser workers; these tests only need the package to load with them.
  py.registerJsModule('_pcm_proc', {
    call: () => Promise.resolve(undefined),
    send: () => {},
    now: () => performance.timeOrigin + performance.now(),
    cpu_count: () => 2,
  });
  writePackage(py);
  py.runPython('import pcm; pcm.install()');
  return py;
}
