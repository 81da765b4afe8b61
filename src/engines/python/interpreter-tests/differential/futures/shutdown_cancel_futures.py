# shutdown(cancel_futures=True) cancels what no worker has started; submit afterwards fails
import threading
from concurrent.futures import ThreadPoolExecutor

release = threading.Event()
pool = ThreadPoolExecutor(1)
running = pool.submit(release.wait, 5)
queued = [pool.submit(print, n) for n in range(3)]
threading.Timer(0.05, release.set).start()
pool.shutdown(wait=True, cancel_futures=True)
print(running.result(), [future.cancelled() for future in queued])
try:
    pool.submit(print, "late")
except RuntimeError as error:
    print(error)
