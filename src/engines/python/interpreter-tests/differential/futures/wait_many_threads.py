# futures.wait works from several threads at once
import threading
import time
from concurrent.futures import ThreadPoolExecutor, wait

with ThreadPoolExecutor(2) as pool:
    futures = [pool.submit(time.sleep, 0.05) for _ in range(2)]
    outcomes = []
    watchers = [threading.Thread(target=lambda: outcomes.append(len(wait(futures).done))) for _ in range(3)]
    for t in watchers:
        t.start()
    for t in watchers:
        t.join()
    print(outcomes)
