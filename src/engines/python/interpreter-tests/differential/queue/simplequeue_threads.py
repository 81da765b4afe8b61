# SimpleQueue hands items between threads; a waiting get wakes when an item arrives
import queue
import threading

q = queue.SimpleQueue()
results = []


def consumer():
    while (item := q.get()) is not None:
        results.append(item * 2)


t = threading.Thread(target=consumer)
t.start()
for n in range(50):
    q.put(n)
q.put(None)
t.join()
print(len(results), sum(results))
got = []
waiter = threading.Thread(target=lambda: got.append(q.get(timeout=5)))
waiter.start()
threading.Timer(0.05, q.put, args=("late",)).start()
waiter.join()
print(got)
