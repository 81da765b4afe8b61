# threading.settrace traces the threads started afterwards, not the main thread
import sys
import threading

calls = []


def tracer(frame, event, arg):
    if event == "call":
        calls.append((threading.current_thread().name, frame.f_code.co_name))
    return None


def traced():
    pass


threading.settrace(tracer)
print(threading.gettrace() is tracer, sys.gettrace() is None)
t = threading.Thread(target=traced, name="worker")
t.start()
t.join()
traced()
threading.settrace(None)
print(sorted({call for call in calls if call[1] == "traced"}))
