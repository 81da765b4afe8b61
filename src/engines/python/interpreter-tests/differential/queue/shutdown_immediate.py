# Queue.shutdown(immediate=True) wakes blocked getters and drops the items (compared with a file: new in 3.13)
import queue
import threading
import time

q = queue.Queue()
outcome = []


def getter():
    try:
        q.get()
    except queue.ShutDown:
        outcome.append("getter woke with ShutDown")


t = threading.Thread(target=getter)
t.start()
time.sleep(0.05)
q.shutdown(immediate=True)
t.join()
q2 = queue.Queue()
q2.put(1)
q2.shutdown(immediate=True)
print(outcome, q2.qsize(), q2.empty())
