# SimpleQueue is _queue.SimpleQueue: its module, subclassing and generic alias are CPython's
import _queue
import queue

print(queue.SimpleQueue is _queue.SimpleQueue, queue.SimpleQueue, queue.Empty is _queue.Empty)


class Tracked(queue.SimpleQueue):
    def put(self, item, block=True, timeout=None):
        super().put(("tracked", item), block, timeout)


q = Tracked()
q.put(1)
print(q.get(), queue.SimpleQueue[int])
