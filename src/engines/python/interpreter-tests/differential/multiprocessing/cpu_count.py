# os.cpu_count, multiprocessing.cpu_count and the pools' default sizes agree
# differential: node
import multiprocessing
import os
from multiprocessing.pool import ThreadPool

cpus = os.cpu_count()
print(cpus == multiprocessing.cpu_count(), cpus >= 1)
print(getattr(os, "process_cpu_count", os.cpu_count)() == cpus)
with ThreadPool() as pool:
    print(pool._processes == cpus)
