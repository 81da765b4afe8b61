# a Semaphore bounds how many threads run at once; BoundedSemaphore refuses extra releases
import threading
import time

semaphore = threading.Semaphore(2)
running, most = 0, 0
lock = threading.Lock()


def work():
    global running, most
    with semaphore:
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.02)
        with lock:
            running -= 1


threads = [threading.Thread(target=work) for _ in range(6)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("at most", most, "at once")
bounded = threading.BoundedSemaphore(1)
bounded.acquire()
bounded.release()
try:
    bounded.release()
except ValueError as error:
    print(error)
print(semaphore.acquire(timeout=0.01), semaphore.acquire(blocking=False), semaphore.acquire(timeout=0.01))
try:
    threading.Semaphore(-1)
except ValueError as error:
    print(error)
