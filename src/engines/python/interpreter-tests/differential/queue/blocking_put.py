# a producer blocked on a full queue continues once a consumer takes an item
import queue
import threading

q = queue.Queue(maxsize=2)
log = []


def producer():
    for n in range(5):
        q.put(n)
        log.append(f"put {n}")


t = threading.Thread(target=producer)
t.start()
got = [q.get() for _ in range(5)]
t.join()
print(got, len(log))
