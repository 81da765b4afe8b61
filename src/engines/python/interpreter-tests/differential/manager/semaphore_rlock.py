# Manager: Semaphore counts, RLock can be taken again by its owner, Lock times out
from multiprocessing import Manager

if __name__ == "__main__":
    with Manager() as manager:
        sem = manager.Semaphore(2)
        print(sem.acquire(), sem.acquire(), sem.acquire(False), sem.acquire(timeout=0.05))
        sem.release()
        print(sem.acquire(False))
        rlock = manager.RLock()
        print(rlock.acquire(), rlock.acquire(), rlock.release(), rlock.release())
        lock = manager.Lock()
        print(lock.acquire(), lock.acquire(True, 0.05), lock.acquire(False))
        lock.release()
        with lock:
            print("inside", lock.acquire(False))
        print(lock.acquire(False))
