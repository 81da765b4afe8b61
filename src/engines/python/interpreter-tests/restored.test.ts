/**
 * An interpreter restored from a memory image made on another machine (the site's build
 * makes the image under Node) reports where it runs, as a freshly started CPython would:
 * the time zone, the language and the runtime are read again, not taken from the image
 * (pcm/_restored.py). The image holds the site's package already imported, and the worker's
 * JavaScript modules, which it cannot hold, are attached once they are registered (pcm/_jsmodules.py).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPyodide } from 'pyodide';
import { loadSiteInterpreter, makeImage } from './site-interpreter';

const FACTS = `import json, locale, os, sys, time
json.dumps([list(time.tzname), time.timezone, time.altzone, time.daylight,
            time.strftime("%Z", time.localtime(0)), time.localtime(0).tm_zone, sys._emscripten_info.runtime,
            os.environ["LANG"], list(locale.getlocale())])`;

const zone = process.env['TZ'];
const navigator = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
let image: Uint8Array;

beforeAll(async () => {
  // Node reads TZ again whenever it is set: the image is made in UTC, the reader is in Sydney,
  // and Emscripten and the package read the reader's language and browser from \`navigator\`.
  process.env['TZ'] = 'UTC';
  image = await makeImage();
  process.env['TZ'] = 'Australia/Sydney';
  Object.defineProperty(globalThis, 'navigator', {
    value: { userAgent: 'A reader’s browser', languages: ['fr-FR', 'en'] },
    configurable: true,
  });
}, 120_000);

afterAll(() => {
  if (zone === undefined) delete process.env['TZ'];
  else process.env['TZ'] = zone;
  if (navigator) Object.defineProperty(globalThis, 'navigator', navigator);
});

describe('an interpreter restored from an image made elsewhere', () => {
  it('reports the time zone, language and browser where it runs, as one booted there does', async () => {
    const restored = await loadSiteInterpreter(() => {}, { image });
    const booted = await loadPyodide();
    const facts = JSON.parse(String(restored.runPython(FACTS))) as unknown[];
    // Under Node, Emscripten takes LANG from nowhere ("C"); in a browser, from navigator.languages,
    // as the package does: the language is checked on its own below.
    expect(facts.slice(0, 7)).toEqual((JSON.parse(String(booted.runPython(FACTS))) as unknown[]).slice(0, 7));
    // Sydney: ten hours east of UTC in its winter (July), eleven in its summer (January).
    expect(facts.slice(0, 4)).toEqual([['UTC+1000', 'UTC+1100'], -36000, -39600, 1]);
    expect(facts.slice(6)).toEqual(['A reader’s browser', 'fr_FR.UTF-8', ['fr_FR', 'UTF-8']]);
  }, 60_000);

  it("holds the site's package imported, and attaches the worker's modules when they are registered", async () => {
    const restored = await loadSiteInterpreter(() => {}, { image, install: false });
    const before = `import json, sys
json.dumps([sorted(m for m in sys.modules if m.startswith("pcm.")), type(sys.modules["_pcm_js"]).__name__,
            sys.modules["pcm._scheduler"].gil is None])`;
    const [modules, kind, unbound] = JSON.parse(String(restored.runPython(before))) as [string[], string, boolean];
    expect(modules).toEqual(expect.arrayContaining(['pcm._threads', 'pcm._multiprocessing', 'pcm._child']));
    expect([kind, unbound]).toEqual(['_StandIn', true]);
    // install() attaches the modules registered since: the thread layer then runs threads.
    let out = '';
    restored.setStdout({ batched: (text: string) => (out += `${text}\n`) });
    restored.runPython('import pcm; pcm.install()');
    const program = `import threading, _pcm_js
from pcm import _scheduler
done = []
thread = threading.Thread(target=done.append, args=(1,))
thread.start()
thread.join()
print(done, _scheduler.gil is not None, callable(_pcm_js.take_interrupt))`;
    const runSnippet = restored.pyimport('pcm').run_snippet as { callPromising(source: string): Promise<unknown> };
    await runSnippet.callPromising(program);
    expect(out).toBe('[1] True True\n');
  }, 60_000);
});
