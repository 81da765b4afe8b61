# result(timeout=...) raises TimeoutError while the call runs on
import threading
from concurrent.futures import ThreadPoolExecutor, TimeoutError

release = threading.Event()
with ThreadPoolExecutor(1) as pool:
    future = pool.submit(release.wait)
    try:
        future.result(timeout=0.05)
    except TimeoutError:
        print("TimeoutError", future.running())
    release.set()
    print(future.result(timeout=5))
