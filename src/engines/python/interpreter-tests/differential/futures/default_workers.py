# ThreadPoolExecutor's default size follows the CPU count as CPython derives it
import os
from concurrent.futures import ThreadPoolExecutor

cpus = getattr(os, "process_cpu_count", os.cpu_count)() or 1
with ThreadPoolExecutor() as pool:
    print(pool._max_workers == min(32, cpus + 4))
try:
    ThreadPoolExecutor(max_workers=0)
except ValueError as error:
    print(error)
