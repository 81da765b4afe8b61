# worker threads are named after thread_name_prefix and their number
import threading
from concurrent.futures import ThreadPoolExecutor

with ThreadPoolExecutor(max_workers=1, thread_name_prefix="worker") as pool:
    print(pool.submit(lambda: threading.current_thread().name).result())
with ThreadPoolExecutor(max_workers=1) as pool:
    name = pool.submit(lambda: threading.current_thread().name).result()
    print(name.startswith("ThreadPoolExecutor-"), name.endswith("_0"))
