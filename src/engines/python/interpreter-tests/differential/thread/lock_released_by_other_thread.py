# a plain lock may be released by a thread that did not acquire it, waking a waiter
import threading

lock = threading.Lock()
lock.acquire()
order = []


def releaser():
    order.append("release")
    lock.release()


t = threading.Timer(0.05, releaser)
t.start()
lock.acquire()
order.append("acquired")
t.join()
print(order)
