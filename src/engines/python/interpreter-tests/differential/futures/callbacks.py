# done callbacks run when the future finishes, at once if it already has
import threading
from concurrent.futures import Future, ThreadPoolExecutor

calls = []
with ThreadPoolExecutor(1) as pool:
    release = threading.Event()
    future = pool.submit(release.wait)
    future.add_done_callback(lambda f: calls.append(("later", f.result())))
    release.set()
future.add_done_callback(lambda f: calls.append(("at once", f.done())))
print(calls)
manual = Future()
manual.add_done_callback(lambda f: calls.append(("manual", f.result())))
manual.set_result(42)
print(calls[-1], manual.result())
