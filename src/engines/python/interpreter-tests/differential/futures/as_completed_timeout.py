# as_completed raises TimeoutError when futures are still unfinished at the timeout
import threading
from concurrent.futures import ThreadPoolExecutor, TimeoutError, as_completed

release = threading.Event()
with ThreadPoolExecutor(2) as pool:
    futures = [pool.submit(release.wait), pool.submit(lambda: "quick")]
    got = []
    try:
        for future in as_completed(futures, timeout=0.05):
            got.append(future.result())
    except TimeoutError as error:
        print(got, error)
    release.set()
