/**
 * The queues that processes share (multiprocessing's Queue, JoinableQueue, SimpleQueue and
 * the pipes built on them), held by the process hub. Items are pickled bytes; a reader that
 * finds a queue empty waits for the next put or its timeout. `task_done`/`join` count
 * unfinished items as JoinableQueue does.
 */

interface Getter {
  resolve(item: Uint8Array | null): void;
  timer?: ReturnType<typeof setTimeout>;
}

interface SharedQueue {
  items: Uint8Array[];
  getters: Getter[];
  unfinished: number;
  joiners: Array<() => void>;
}

export class SharedQueues {
  readonly #queues = new Map<string, SharedQueue>();

  #queue(qid: string): SharedQueue {
    let queue = this.#queues.get(qid);
    if (!queue) {
      queue = { items: [], getters: [], unfinished: 0, joiners: [] };
      this.#queues.set(qid, queue);
    }
    return queue;
  }

  put(qid: string, item: Uint8Array): void {
    const queue = this.#queue(qid);
    queue.unfinished += 1;
    const getter = queue.getters.shift();
    if (getter) {
      clearTimeout(getter.timer);
      getter.resolve(item);
    } else {
      queue.items.push(item);
    }
  }

  /** The next item; or, when the queue is empty, a promise of the next one (null after `timeoutMs`). */
  get(qid: string, timeoutMs: number | null): Uint8Array | null | Promise<Uint8Array | null> {
    const queue = this.#queue(qid);
    const item = queue.items.shift();
    if (item) return item;
    if (timeoutMs !== null && timeoutMs <= 0) return null;
    return new Promise((resolve) => {
      const getter: Getter = { resolve };
      if (timeoutMs !== null) {
        getter.timer = setTimeout(() => {
          queue.getters.splice(queue.getters.indexOf(getter), 1);
          resolve(null);
        }, timeoutMs);
      }
      queue.getters.push(getter);
    });
  }

  size(qid: string): number {
    return this.#queue(qid).items.length;
  }

  /** JoinableQueue.task_done; throws as CPython does when called too many times. */
  taskDone(qid: string): void {
    const queue = this.#queue(qid);
    if (queue.unfinished <= 0) throw new Error('ValueError: task_done() called too many times');
    queue.unfinished -= 1;
    if (queue.unfinished === 0) for (const wake of queue.joiners.splice(0)) wake();
  }

  /** JoinableQueue.join: settles when every item put has been marked done. */
  join(qid: string): null | Promise<null> {
    const queue = this.#queue(qid);
    return queue.unfinished === 0 ? null : new Promise<null>((wake) => queue.joiners.push(() => wake(null)));
  }

  /** A run ended: readers still waiting get nothing, and every queue is dropped. */
  clear(): void {
    for (const queue of this.#queues.values()) {
      for (const getter of queue.getters.splice(0)) {
        clearTimeout(getter.timer);
        getter.resolve(null);
      }
    }
    this.#queues.clear();
  }
}
