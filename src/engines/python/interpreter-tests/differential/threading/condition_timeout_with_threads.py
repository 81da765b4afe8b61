# Condition.wait(timeout) returns False when nobody notifies, while other threads keep running
import threading
import time

condition = threading.Condition()
ticks = []
stop = threading.Event()


def ticker():
    while not stop.is_set():
        ticks.append(1)
        time.sleep(0.005)


t = threading.Thread(target=ticker)
t.start()
with condition:
    print(condition.wait(timeout=0.1))
stop.set()
t.join()
print(len(ticks) > 3)
