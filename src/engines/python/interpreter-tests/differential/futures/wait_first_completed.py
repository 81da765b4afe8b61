# wait(FIRST_COMPLETED) returns once one future is done, ALL_COMPLETED once all are
import time
from concurrent.futures import ALL_COMPLETED, FIRST_COMPLETED, ThreadPoolExecutor, wait

with ThreadPoolExecutor(2) as pool:
    fast = pool.submit(time.sleep, 0.01)
    slow = pool.submit(time.sleep, 0.2)
    done, not_done = wait([fast, slow], return_when=FIRST_COMPLETED)
    print(fast in done, slow in not_done)
    done, not_done = wait([fast, slow], return_when=ALL_COMPLETED)
    print(len(done), len(not_done))
