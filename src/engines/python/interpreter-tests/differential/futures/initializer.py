# the initializer runs in each worker first; when it fails the pool is broken
import threading
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures.thread import BrokenThreadPool

local = threading.local()


def init(value):
    local.value = value


with ThreadPoolExecutor(2, initializer=init, initargs=("set",)) as pool:
    print(pool.submit(lambda: local.value).result())


def broken_init():
    raise OSError("cannot start")


with ThreadPoolExecutor(1, initializer=broken_init) as pool:
    future = pool.submit(print, "never")
    try:
        future.result()
    except BrokenThreadPool as error:
        print(type(error).__name__, error)
