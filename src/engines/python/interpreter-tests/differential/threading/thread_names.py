# threads are named Thread-N (target) in creation order unless named; repr shows the state
import re
import threading


def work():
    pass


a = threading.Thread(target=work)
b = threading.Thread(target=work, name="custom")
c = threading.Thread()
print(a.name, b.name, c.name)
print(re.sub(r" \d+", " N", repr(a)))
a.start()
a.join()
print(re.sub(r" \d+", " N", repr(a)))
print(threading.current_thread().name, threading.main_thread() is threading.current_thread())
