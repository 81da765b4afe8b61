# acquire(timeout=...) on a lock another thread holds gives up after the timeout
import threading
import time

lock = threading.Lock()
held = threading.Event()
done = threading.Event()


def holder():
    with lock:
        held.set()
        done.wait()


t = threading.Thread(target=holder)
t.start()
held.wait()
start = time.monotonic()
print(lock.acquire(timeout=0.1))
print(time.monotonic() - start >= 0.09)
done.set()
t.join()
print(lock.acquire(timeout=0.1))
