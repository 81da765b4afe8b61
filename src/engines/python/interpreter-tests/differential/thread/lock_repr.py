# locks and RLocks print their state, type and owner as CPython's do
import re
import threading


def shown(obj):
    return re.sub(r"0x[0-9a-f]+", "ADDR", re.sub(r"owner=\d+", "owner=N", repr(obj)))


lock, rlock = threading.Lock(), threading.RLock()
print(shown(lock))
lock.acquire()
print(shown(lock))
print(shown(rlock))
rlock.acquire()
rlock.acquire()
print(shown(rlock))
print(repr(type(lock)), repr(type(rlock)))
