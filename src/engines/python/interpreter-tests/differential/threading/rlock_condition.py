# a Condition over an RLock releases it fully while waiting, and takes it back as it was
import threading

condition = threading.Condition(threading.RLock())
ready = []


def notifier():
    with condition:
        ready.append(True)
        condition.notify()


with condition:
    with condition:
        t = threading.Thread(target=notifier)
        t.start()
        condition.wait_for(lambda: ready, timeout=5)
        print(ready, condition._is_owned())
t.join()
print(condition.acquire(blocking=False))
condition.release()
