/**
 * What the site patches stays indistinguishable from what it replaces. The interpreter is
 * set up as the page's, the attributes of the standard modules (and of their classes) are
 * recorded, the package is installed, and every attribute it changed is compared with the
 * one it replaced: module, qualified name, name, signature, pickling by reference, repr
 * and whether it can be subclassed. The few differences that cannot be helped are listed
 * below with the reason; anything else that differs fails.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { PyodideAPI } from 'pyodide';
import { loadSiteInterpreter } from './site-interpreter';

let py: PyodideAPI;

/** Patched attributes whose facts may differ, and why (every other difference fails). */
const ACCEPTED: Record<string, string> = {
  'pyodide.webloop:WebLoop.shutdown_default_executor': "CPython's own BaseEventLoop method, under its own name",
  'pyodide.webloop:WebLoop._do_shutdown': "CPython's own BaseEventLoop method, under its own name",
  'pyodide.webloop:WebLoop.run_in_executor': "CPython's own BaseEventLoop method, under its own name",
  'pyodide.webloop:WebLoop.set_default_executor': "CPython's own BaseEventLoop method, under its own name",
  'pyodide.webloop:WebLoop._check_running': "CPython's own BaseEventLoop method (WebLoop had none)",
  'pyodide.webloop:WebLoop.__repr__': "CPython's own BaseEventLoop method (WebLoop had none)",
  '_thread._ThreadHandle': 'the C type publishes no signature; its stand-in shows its own',
  'threading._ThreadHandle': 'the C type publishes no signature; its stand-in shows its own',
  '_thread.RLock': 'the C type publishes no signature; its stand-in shows its own',
  'threading._CRLock': 'the C type publishes no signature; its stand-in shows its own',
  '_thread:_ThreadHandle.join': 'the C method publishes no signature; its stand-in shows its own',
  '_thread:_ThreadHandle.ident': 'a property where the C type has a getset descriptor (no __qualname__)',
  '_thread:lock.__new__': 'a staticmethod cannot be pickled, a C slot wrapper can; nobody pickles __new__',
  '_thread:RLock.__new__': 'a staticmethod cannot be pickled, a C slot wrapper can; nobody pickles __new__',
  '_queue:SimpleQueue.__new__': 'a staticmethod cannot be pickled, a C slot wrapper can; nobody pickles __new__',
  'os.process_cpu_count':
    "Pyodide's os makes it an alias of cpu_count (it has no sched_getaffinity); it is os.process_cpu_count, as on Linux",
  'sys.stdout': 'a wrapper that writes each print whole while threads switch (_preempt); its type is the site’s',
  'sys.stderr': 'a wrapper that writes each print whole while threads switch (_preempt); its type is the site’s',
  'asyncio.run': "Pyodide's shortcut did not pickle; CPython's own asyncio.run is back, and pickles",
};

const AUDIT = `
import inspect, pickle, re, sys, types

MODULES = ["_thread", "_queue", "threading", "queue", "time", "os", "posix", "atexit", "builtins", "sys",
           "asyncio", "asyncio.runners", "asyncio.tasks", "asyncio.events", "asyncio.base_events",
           "pyodide.webloop", "multiprocessing", "multiprocessing.context", "multiprocessing.process",
           "multiprocessing.pool", "multiprocessing.queues", "multiprocessing.connection",
           "multiprocessing.synchronize", "multiprocessing.sharedctypes", "multiprocessing.shared_memory",
           "multiprocessing.managers",
           "concurrent.futures", "concurrent.futures._base", "concurrent.futures.process",
           "concurrent.futures.thread"]

def scopes():
    for name in MODULES:
        module = sys.modules.get(name)
        if module is None:
            continue
        yield name, vars(module)
        for attr, value in list(vars(module).items()):
            if isinstance(value, type) and value.__module__ == module.__name__:
                yield f"{name}:{value.__qualname__}", vars(value)

def snapshot():
    return {(scope, attr): value for scope, namespace in scopes() for attr, value in list(namespace.items())
            if not attr.startswith("__") or attr in ("__new__", "__init__", "__repr__")}

def facts(obj):
    out = {}
    for attr in ("__module__", "__qualname__", "__name__"):
        out[attr] = getattr(obj, attr, None)
    if callable(obj):
        try:
            out["signature"] = str(inspect.signature(obj))
        except (TypeError, ValueError) as error:
            out["signature"] = type(error).__name__
        try:
            out["pickles by reference"] = pickle.loads(pickle.dumps(obj)) is obj
        except Exception as error:
            out["pickles by reference"] = type(error).__name__
    if isinstance(obj, type):
        out["repr"] = repr(obj)
        try:
            type("Sub", (obj,), {})
            out["subclassable"] = True
        except TypeError:
            out["subclassable"] = False
        except Exception as error:  # An Enum, say, refuses a bare namespace: not the point.
            out["subclassable"] = type(error).__name__
    elif isinstance(obj, types.ModuleType):
        out["repr"] = re.sub(r"from '.*'", "", repr(obj))
    return out

def plain(value):
    return isinstance(value, (int, float, str, bool, list, dict, set, tuple, type(None))) and not callable(value)

before = snapshot()
# Facts of the originals are taken now: once the package is installed, pickling an original
# finds its stand-in under its name, which is the point.
before_facts = {key: facts(value) for key, value in before.items() if not plain(value)}
import pcm
pcm.install()
after = snapshot()
report = {}
for key, value in after.items():
    if (key in before and before[key] is value) or plain(value):
        continue
    scope, attr = key
    report[f"{scope}.{attr}"] = {"before": before_facts.get(key), "after": facts(value)}
report
`;

interface Facts {
  before: Record<string, unknown> | null | undefined;
  after: Record<string, unknown>;
}

let report: Record<string, Facts>;

beforeAll(async () => {
  py = await loadSiteInterpreter(() => {}, { install: false });
  py.runPython(
    'import asyncio, threading, queue, concurrent.futures, concurrent.futures.process, multiprocessing, multiprocessing.pool',
  );
  const proxy = py.runPython(AUDIT) as { toJs(options: object): unknown; destroy(): void };
  report = proxy.toJs({ dict_converter: Object.fromEntries }) as Record<string, Facts>;
  proxy.destroy();
}, 60_000);

describe('what the site patches looks like what it replaces', () => {
  it('patches something in each module it must', () => {
    const names = Object.keys(report);
    for (const prefix of ['_thread.', 'threading.', 'time.sleep', 'os.cpu_count', 'asyncio.run', 'multiprocessing.']) {
      expect(
        names.some((name) => name.startsWith(prefix)),
        prefix,
      ).toBe(true);
    }
  });

  it('keeps module, names, signature, pickling, repr and subclassing of every patched attribute', () => {
    const differences: string[] = [];
    for (const [name, { before, after }] of Object.entries(report)) {
      // Python's None (an attribute the site added) arrives as undefined.
      if (before == null || name in ACCEPTED || name.startsWith('module.')) continue;
      for (const [fact, value] of Object.entries(before)) {
        if (JSON.stringify(after[fact]) !== JSON.stringify(value)) {
          differences.push(`${name}: ${fact} was ${JSON.stringify(value)}, is ${JSON.stringify(after[fact])}`);
        }
      }
    }
    expect(differences).toEqual([]);
  });
});
