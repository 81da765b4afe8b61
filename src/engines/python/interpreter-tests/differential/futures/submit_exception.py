# an exception in a submitted function is raised by result() and returned by exception()
from concurrent.futures import ThreadPoolExecutor


def fail(n):
    raise ValueError(f"bad {n}")


with ThreadPoolExecutor(2) as pool:
    future = pool.submit(fail, 3)
    try:
        future.result()
    except ValueError as error:
        print("result raised", error)
    print(repr(future.exception()), future.done(), future.cancelled())
    try:
        list(pool.map(fail, [1]))
    except ValueError as error:
        print("map raised", error)
