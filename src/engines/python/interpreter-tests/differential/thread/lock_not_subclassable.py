# the lock type cannot be subclassed, RLock's can, as in CPython
import _thread
import threading

try:

    class MyLock(type(threading.Lock())):
        pass

except TypeError as error:
    print(error)


class MyRLock(_thread.RLock):
    pass


r = MyRLock()
with r:
    print(type(r).__name__, r._is_owned())
