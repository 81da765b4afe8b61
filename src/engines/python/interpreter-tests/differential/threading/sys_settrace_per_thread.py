# sys.settrace in one thread traces that thread only
import sys
import threading
import time

lines = []


def tracer(frame, event, arg):
    if frame.f_code.co_name == "step":
        lines.append(threading.current_thread().name)
    return tracer


def step():
    return 1


def traced_worker():
    sys.settrace(tracer)
    for _ in range(3):
        step()
        time.sleep(0.01)
    sys.settrace(None)


def plain_worker():
    for _ in range(3):
        step()
        time.sleep(0.01)


threads = [threading.Thread(target=traced_worker, name="traced"), threading.Thread(target=plain_worker, name="plain")]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(set(lines)), sys.gettrace())
