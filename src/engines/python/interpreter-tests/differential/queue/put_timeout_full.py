# put on a full bounded queue raises Full after the timeout, or at once without blocking
import queue

q = queue.Queue(maxsize=1)
q.put("a")
print(q.full())
try:
    q.put("b", timeout=0.05)
except queue.Full:
    print("Full after the timeout")
try:
    q.put_nowait("b")
except queue.Full:
    print("Full at once")
