# SimpleQueue puts without bounds and gets in order, with CPython's errors
import queue

q = queue.SimpleQueue()
print(q.empty(), q.qsize())
for n in range(3):
    q.put(n)
q.put_nowait(3)
print(q.qsize(), [q.get() for _ in range(2)], q.get_nowait(), q.get(timeout=0.01))
try:
    q.get(timeout=0.01)
except queue.Empty:
    print("Empty")
try:
    q.get(False)
except queue.Empty:
    print("Empty without blocking")
try:
    q.get(timeout=-1)
except ValueError as error:
    print(error)
