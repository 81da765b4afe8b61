/**
 * Runs a compiled snippet as a real ES module (a blob: URL), so top-level `await` works and
 * stack traces carry the snippet's own line numbers. The runtime API reaches the module
 * through a per-run registry entry that the prelude destructures on line 1.
 */
import { compileSnippet, SnippetSyntaxError, snippetLineFromStack } from './compile';
import { StoppedError } from './runtime';

const REGISTRY = '__pcmRuns';
const GUARD = '__pcmGuard';
const START = '__pcmStart';
let runCounter = 0;

export class LoopLimitError extends Error {
  constructor(limitMs: number) {
    super(
      `This code kept the thread busy for over ${(limitMs / 1000).toFixed(1)} s without yielding, so it was stopped ` +
        'to keep the page usable. Loops on the main thread freeze everything else; use target="worker" for long work.',
    );
    this.name = 'LoopLimitError';
  }
}

/** Turns any error from a run into the text the reader sees, pointing at their line. */
export function describeError(error: unknown, marker: string): string {
  if (error instanceof SnippetSyntaxError || error instanceof StoppedError || error instanceof LoopLimitError) {
    return error.message;
  }
  if (error instanceof Error) {
    const line = snippetLineFromStack(error.stack ?? '', marker);
    return `${error.name}: ${error.message}${line === undefined ? '' : ` (line ${line})`}`;
  }
  return `Uncaught ${String(error)}`;
}

export interface ExecuteOptions {
  source: string;
  lang: 'ts' | 'js';
  /** Names the snippet can use directly: console, sleep, gather, … */
  api: Record<string, unknown>;
  /** Called at the top of every loop iteration; throws to end a runaway loop. */
  guard: () => void;
  /** Called after compiling, just before the snippet's code starts. */
  beforeRun?: () => void;
}

/** Any failure of a snippet, carrying the text the reader should see. */
export class SnippetFailure extends Error {
  readonly original: unknown;

  constructor(original: unknown, text: string) {
    super(text);
    this.name = 'SnippetFailure';
    this.original = original;
  }

  get stopped(): boolean {
    return this.original instanceof StoppedError;
  }
}

/**
 * Compiles and runs a snippet; resolves when its top-level code (and top-level awaits)
 * finish, and rejects with a SnippetFailure otherwise.
 */
export async function executeSnippet({ source, lang, api, guard, beforeRun }: ExecuteOptions): Promise<void> {
  runCounter += 1;
  const id = `run${runCounter}`;
  const names = Object.keys(api).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name));
  // The prelude's call to START marks the moment the module body begins, after the browser
  // has fetched and compiled it, so module loading is not counted as the snippet's run time.
  const prelude = `const { ${[...names, GUARD, START].join(', ')} } = globalThis.${REGISTRY}[${JSON.stringify(id)}]; ${START}();`;
  let code: string;
  try {
    code = compileSnippet(source, { lang, guardName: GUARD, prelude }).code;
  } catch (error) {
    throw new SnippetFailure(error, describeError(error, ''));
  }
  const registry = ((globalThis as Record<string, unknown>)[REGISTRY] ??= {}) as Record<string, unknown>;
  registry[id] = { ...api, [GUARD]: guard, [START]: () => beforeRun?.() };
  const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
  try {
    await import(/* @vite-ignore */ url);
  } catch (error) {
    throw new SnippetFailure(error, describeError(error, url));
  } finally {
    URL.revokeObjectURL(url);
    delete registry[id];
  }
}

/**
 * A loop guard that throws once the thread has gone `limitMs` without reaching the event
 * loop (a timer that ticks whenever the thread is free tells it so), or once Stop is pressed.
 * It reads the clock only every 1024 iterations to keep tight loops fast.
 */
export function createLoopGuard(signal: AbortSignal, limitMs: number): { guard: () => void; dispose: () => void } {
  let lastFree = performance.now();
  let count = 0;
  const ticker = setInterval(() => {
    lastFree = performance.now();
  }, 50);
  return {
    guard() {
      count += 1;
      if ((count & 1023) !== 0) return;
      if (signal.aborted) throw new StoppedError();
      if (performance.now() - lastFree > limitMs) throw new LoopLimitError(limitMs);
    },
    dispose: () => clearInterval(ticker),
  };
}
