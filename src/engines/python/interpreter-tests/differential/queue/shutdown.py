# Queue.shutdown makes put raise ShutDown and get drain then raise (compared with a file: new in 3.13)
import queue
import threading

q = queue.Queue()
q.put(1)
waiter_saw = []


def waiter():
    try:
        while True:
            waiter_saw.append(q.get())
    except queue.ShutDown:
        waiter_saw.append("ShutDown")


q.shutdown()
try:
    q.put(2)
except queue.ShutDown:
    print("put after shutdown: ShutDown")
t = threading.Thread(target=waiter)
t.start()
t.join()
print(waiter_saw, q.is_shutdown)
