# get(timeout=...) raises Empty after the timeout; get_nowait at once
import queue
import time

q = queue.Queue()
start = time.monotonic()
try:
    q.get(timeout=0.05)
except queue.Empty:
    print("Empty after", round(time.monotonic() - start, 1) >= 0.0)
try:
    q.get_nowait()
except queue.Empty:
    print("Empty at once")
try:
    q.get(timeout=-1)
except ValueError as error:
    print(error)
