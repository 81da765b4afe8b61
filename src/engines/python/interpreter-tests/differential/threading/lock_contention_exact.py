# a lock keeps a shared counter exact while threads are switched mid-update
import threading

counter = 0
lock = threading.Lock()


def add():
    global counter
    for _ in range(2000):
        with lock:
            value = counter
            counter = value + 1


threads = [threading.Thread(target=add) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(counter)
