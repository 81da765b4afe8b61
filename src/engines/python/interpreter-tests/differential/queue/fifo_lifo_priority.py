# Queue is first in first out, LifoQueue last in first out, PriorityQueue smallest first
import queue

for kind in (queue.Queue, queue.LifoQueue, queue.PriorityQueue):
    q = kind()
    for item in (3, 1, 2):
        q.put(item)
    print(kind.__name__, [q.get() for _ in range(3)], q.empty(), q.qsize())
