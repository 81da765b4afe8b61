# releasing an unheld lock or RLock raises RuntimeError (which is _thread.error and threading.ThreadError)
import _thread
import threading

print(_thread.error is RuntimeError, threading.ThreadError is RuntimeError)
for lock in (threading.Lock(), threading.RLock()):
    try:
        lock.release()
    except RuntimeError as error:
        print(error)
rlock = threading.RLock()
rlock.acquire()


def other():
    try:
        rlock.release()
    except RuntimeError as error:
        print("other thread:", error)


t = threading.Thread(target=other)
t.start()
t.join()
