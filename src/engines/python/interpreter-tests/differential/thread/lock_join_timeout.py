# Thread.join(timeout) returns while the thread waits on a _thread lock; it ends once the lock is released
import _thread
import threading

lock = _thread.allocate_lock()
lock.acquire()


def worker():
    lock.acquire()
    print("worker got the lock")


t = threading.Thread(target=worker)
t.start()
t.join(timeout=0.05)
print(t.is_alive())
lock.release()
t.join()
print("end")
