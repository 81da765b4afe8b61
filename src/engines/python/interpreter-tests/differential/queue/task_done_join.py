# join waits until every item is marked done; one task_done too many is a ValueError
import queue
import threading
import time

q = queue.Queue()
done = []


def worker():
    while True:
        item = q.get()
        time.sleep(0.01)
        done.append(item)
        q.task_done()


threading.Thread(target=worker, daemon=True).start()
for n in range(5):
    q.put(n)
q.join()
print(done, q.unfinished_tasks)
try:
    q.task_done()
except ValueError as error:
    print(error)
