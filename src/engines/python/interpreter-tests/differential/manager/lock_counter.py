# Manager: two processes add to a shared dict under a manager Lock, and no update is lost
from multiprocessing import Manager, Process


def add(counts, lock, n):
    for _ in range(n):
        with lock:
            counts["total"] = counts["total"] + 1


if __name__ == "__main__":
    with Manager() as manager:
        counts = manager.dict(total=0)
        lock = manager.Lock()
        workers = [Process(target=add, args=(counts, lock, 50)) for _ in range(2)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        print(counts["total"], [w.exitcode for w in workers], lock.acquire(False), lock.acquire(False))
