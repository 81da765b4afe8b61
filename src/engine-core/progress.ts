/**
 * Progress of something a run waits for before its code can start (an interpreter being
 * downloaded, compiled, started and prepared), for an accessible progress bar: a fraction
 * of the whole when it is known, and a sentence saying what is happening.
 */
export interface Progress {
  /** From 0 to 1 over the whole wait, or undefined when it cannot be told. */
  fraction?: number;
  text: string;
}

/**
 * Keeps the latest progress of one preparation and tells every listener, including those
 * that arrive late (a run that starts while preparation is under way).
 */
export class ProgressTracker {
  #latest: Progress | undefined;
  readonly #listeners = new Set<(progress: Progress) => void>();

  report(progress: Progress): void {
    this.#latest = progress;
    for (const listener of this.#listeners) listener(progress);
  }

  /** Calls `listener` with the latest progress now and with every report after; returns the unsubscriber. */
  subscribe(listener: (progress: Progress) => void): () => void {
    this.#listeners.add(listener);
    if (this.#latest) listener(this.#latest);
    return () => this.#listeners.delete(listener);
  }
}
