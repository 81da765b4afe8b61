# lock.acquire rejects a timeout on a non-blocking call and negative timeouts, accepts -1 and keywords
import threading

lock = threading.Lock()
for args, kwargs in [((False, 1), {}), ((), {"timeout": -100}), ((), {"timeout": -0.5}), ((), {"timeout": "x"})]:
    try:
        lock.acquire(*args, **kwargs)
    except (ValueError, TypeError) as error:
        print(type(error).__name__, args, kwargs)
print(lock.acquire(False, -1), lock.locked())
print(lock.acquire(blocking=False), lock.acquire(timeout=0))
lock.release()
print(lock.acquire(timeout=0.01), lock.acquire(True, 0.01))
lock.release()
try:
    lock.acquire(False, 1)
except ValueError as error:
    print(error)
