/**
 * A Pyodide interpreter under Node set up as the site's worker sets up its own: the GIL
 * scheduler, a stand-in for the process hub, and the runtime's Python files. Shared by
 * the unit tests of the Python side.
 */
import { readFile } from 'node:fs/promises';
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { Gil } from './gil';
import { PROCESS_FILES } from './processes/files';

const FILES = ['pcm_threads.py', 'pcm_preempt.py', 'pcm_thread_loop.py', 'pcm_runtime.py', ...PROCESS_FILES];

/** Loads an interpreter; `jsModule` is the rest of `_pcm_js` (spawn, block_sleep, ...). */
export async function loadSiteInterpreter(write: (text: string) => void, jsModule: object): Promise<PyodideAPI> {
  const py = await loadPyodide();
  py.setStdout({ batched: (text: string) => write(`${text}\n`) });
  const gil = new Gil(Number(py.runPython('import _thread; _thread.get_ident()')), {
    now: () => performance.now(),
    setTimer: (callback, ms) => setTimeout(callback, ms),
    clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  });
  py.registerJsModule('_pcm_js', {
    gil,
    set_switch_interval: () => {},
    take_interrupt: () => false,
    stop_requested: () => false,
    interrupt_main: () => {},
    ...jsModule,
  });
  // Child processes need browser workers; these tests only need the runtime to load with them.
  py.registerJsModule('_pcm_proc', {
    call: () => Promise.resolve(undefined),
    send: () => {},
    now: () => performance.timeOrigin + performance.now(),
    cpu_count: () => 2,
  });
  for (const name of FILES) {
    py.FS.writeFile(`/home/pyodide/${name}`, await readFile(new URL(`./${name}`, import.meta.url), 'utf8'));
  }
  py.runPython('import sys\nsys.path.insert(0, "/home/pyodide")');
  return py;
}
