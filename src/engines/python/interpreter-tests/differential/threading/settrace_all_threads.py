# threading.settrace_all_threads traces threads already running too (compared with a file: new in 3.12)
import sys
import threading
import time

seen = set()


def tracer(frame, event, arg):
    if frame.f_code.co_name == "tick":
        seen.add(threading.current_thread().name)
    return tracer


def tick():
    return 1


stop = threading.Event()


def worker():
    while not stop.is_set():
        tick()
        time.sleep(0.01)


t = threading.Thread(target=worker, name="already running")
t.start()
time.sleep(0.02)
threading.settrace_all_threads(tracer)
time.sleep(0.05)
threading.settrace_all_threads(None)
stop.set()
t.join()
print(sorted(seen), sys.gettrace())
