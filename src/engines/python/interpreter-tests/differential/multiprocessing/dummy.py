# multiprocessing.dummy offers the multiprocessing API on threads
# differential: node
import multiprocessing.dummy as dummy

with dummy.Pool(3) as pool:
    print(pool.map(len, ["a", "bb", "ccc"]))
queue = dummy.Queue()
worker = dummy.Process(target=queue.put, args=("from a thread",))
worker.start()
worker.join()
print(queue.get(), worker.is_alive(), dummy.current_process().name)
