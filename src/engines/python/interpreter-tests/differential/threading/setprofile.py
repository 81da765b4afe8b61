# threading.setprofile profiles the threads started afterwards
import threading

events = []


def profiler(frame, event, arg):
    if event == "call" and frame.f_code.co_name == "profiled":
        events.append(threading.current_thread().name)


def profiled():
    return 1


threading.setprofile(profiler)
print(threading.getprofile() is profiler)
t = threading.Thread(target=profiled, name="worker")
t.start()
t.join()
profiled()
threading.setprofile(None)
print(events)
