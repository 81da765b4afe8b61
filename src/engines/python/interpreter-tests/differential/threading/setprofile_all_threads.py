# threading.setprofile_all_threads profiles threads already running (compared with a file: new in 3.12)
import threading
import time

seen = set()


def profiler(frame, event, arg):
    if event == "call" and frame.f_code.co_name == "tick":
        seen.add(threading.current_thread().name)


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
threading.setprofile_all_threads(profiler)
time.sleep(0.05)
threading.setprofile_all_threads(None)
stop.set()
t.join()
print(sorted(seen))
