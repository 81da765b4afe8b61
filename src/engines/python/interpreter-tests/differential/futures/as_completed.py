# as_completed yields futures as they finish, fastest first
import time
from concurrent.futures import ThreadPoolExecutor, as_completed


def wait_then_return(seconds):
    time.sleep(seconds)
    return seconds


with ThreadPoolExecutor(3) as pool:
    futures = [pool.submit(wait_then_return, s) for s in (0.6, 0.01, 0.3)]
    print([future.result() for future in as_completed(futures)])
