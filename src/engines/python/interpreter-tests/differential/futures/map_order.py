# ThreadPoolExecutor.map yields results in input order whatever order they finish in
import time
from concurrent.futures import ThreadPoolExecutor


def slow(n):
    time.sleep(0.01 * (5 - n))
    return n * n


with ThreadPoolExecutor(max_workers=5) as pool:
    print(list(pool.map(slow, range(5))))
    print(list(pool.map(pow, [2, 3], [3, 2])))
