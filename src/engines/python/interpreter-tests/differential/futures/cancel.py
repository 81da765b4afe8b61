# a future still waiting for a worker can be cancelled; a running one cannot
import threading
from concurrent.futures import CancelledError, ThreadPoolExecutor

release = threading.Event()
with ThreadPoolExecutor(1) as pool:
    running = pool.submit(release.wait)
    waiting = pool.submit(print, "never printed")
    print(waiting.cancel(), waiting.cancelled(), running.cancel())
    try:
        waiting.result()
    except CancelledError:
        print("CancelledError")
    release.set()
