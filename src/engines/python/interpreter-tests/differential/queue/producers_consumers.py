# many producers and consumers: every item is delivered exactly once
import queue
import threading

q = queue.Queue(maxsize=10)
received = []
lock = threading.Lock()


def producer(base):
    for n in range(base, base + 100):
        q.put(n)


def consumer():
    while (item := q.get()) is not None:
        with lock:
            received.append(item)


consumers = [threading.Thread(target=consumer) for _ in range(3)]
producers = [threading.Thread(target=producer, args=(base,)) for base in (0, 100, 200)]
for t in consumers + producers:
    t.start()
for t in producers:
    t.join()
for _ in consumers:
    q.put(None)
for t in consumers:
    t.join()
print(len(received), sorted(received) == list(range(300)))
