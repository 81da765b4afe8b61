# the _thread types are what threading uses, under CPython's names
import _thread
import threading

print(_thread.LockType, type(_thread.allocate_lock()) is _thread.LockType)
print(type(threading.RLock()) is _thread.RLock, threading.local is _thread._local)
print(threading.ThreadError is _thread.error, threading.TIMEOUT_MAX == _thread.TIMEOUT_MAX)
for name in ("allocate_lock", "start_new_thread", "get_ident", "interrupt_main", "stack_size"):
    function = getattr(_thread, name)
    print(name, function.__module__, function.__name__, function.__qualname__)
