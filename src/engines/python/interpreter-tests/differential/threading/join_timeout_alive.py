# join(timeout) returns after the timeout while the thread still runs; is_alive tells
import threading

release = threading.Event()
t = threading.Thread(target=release.wait)
t.start()
t.join(0.05)
print(t.is_alive())
release.set()
t.join()
print(t.is_alive())
t.join(-1)
print("joining a finished thread returns at once")
