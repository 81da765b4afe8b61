# a trace function sees Python code only: locks, queues and thread starts are C code in CPython
import queue
import sys
import threading

calls = set()


def tracer(frame, event, arg):
    if event == "call":
        calls.add((frame.f_code.co_filename.rsplit("/", 1)[-1], frame.f_code.co_name))
    return None


sys.settrace(tracer)
lock = threading.Lock()
with lock:
    pass
rlock = threading.RLock()
rlock.acquire()
rlock.release()
q = queue.Queue()
q.put(1)
q.get()
sq = queue.SimpleQueue()
sq.put(2)
sq.get()
sys.settrace(None)
print(sorted(calls))
print(sys.gettrace())
