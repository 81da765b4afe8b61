/**
 * The contract every engine keeps with the page: run a snippet's source, stream what it
 * prints, honour Stop, and end with an outcome whose summary follows the page contract
 * (wall time, CPU time, parallelism, lanes of spans). The snippet element knows engines
 * only through this interface.
 */
import type { Progress } from './progress';
import type { Stream } from './streams';
import type { RunSummary } from './trace';

/** The languages a runnable fence may have; each has its engine. */
export type SnippetLang = 'python' | 'ts' | 'js';

/** Where TypeScript/JavaScript runs: the page's own event loop, or a pool of Web Workers. */
export type SnippetTarget = 'main' | 'worker';

export interface RunRequest {
  source: string;
  lang: SnippetLang;
  /** Meaningful for TypeScript/JavaScript only. */
  target: SnippetTarget;
}

export interface RunIO {
  /** Output as it is printed, in order; nothing printed is ever dropped. */
  write(stream: Stream, text: string): void;
  /** Aborted when the reader presses Stop. */
  signal: AbortSignal;
  /** What is being prepared before the code can start (an interpreter loading, say). */
  onProgress?(progress: Progress): void;
  /** The reader's code starts now: anything before this was preparation. */
  onStart?(): void;
  /** The gap between two frames of the page (ms), while code runs on the page's own thread. */
  onFrame?(gapMs: number): void;
}

export type RunState = 'done' | 'error' | 'stopped';

export interface RunOutcome<Summary extends RunSummary = RunSummary> {
  state: RunState;
  summary: Summary;
}

export interface Engine {
  run(request: RunRequest, io: RunIO): Promise<RunOutcome>;
  /** Starts preparing ahead of a click (loading an interpreter, say), if the engine needs to. */
  preload?(): void;
}

/** Resolves when the signal aborts (at once if it already has): for racing a run against Stop. */
export function whenAborted(signal: AbortSignal): Promise<'aborted'> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve('aborted');
    else signal.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
}
