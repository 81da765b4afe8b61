# Event.wait times out when unset and returns True once another thread sets it
import threading

event = threading.Event()
print(event.wait(0.05), event.is_set())
threading.Timer(0.05, event.set).start()
print(event.wait(5), event.is_set())
event.clear()
print(event.is_set(), event.wait(0))
