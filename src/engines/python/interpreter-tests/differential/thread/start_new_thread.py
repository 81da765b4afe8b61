# _thread.start_new_thread runs the function on a new thread with its args and kwargs, and returns its ident
import _thread
import threading

done = threading.Event()
seen = {}


def f(a, b=0):
    seen["ident"] = _thread.get_ident()
    print("f runs with", a, b)
    done.set()


ident = _thread.start_new_thread(f, (1,), {"b": 2})
print("waited:", done.wait(5))
print("returned its ident:", ident == seen["ident"])
print("another thread:", ident != _thread.get_ident())
