# ThreadPool is a multiprocessing.pool.Pool, as in CPython
# differential: node
import multiprocessing.pool
from multiprocessing.pool import ThreadPool

pool = ThreadPool(1)
print(isinstance(pool, multiprocessing.pool.Pool), issubclass(ThreadPool, multiprocessing.pool.Pool))
result = pool.apply_async(len, ("abc",))
print(isinstance(result, multiprocessing.pool.AsyncResult), result.get(timeout=5))
pool.close()
pool.join()
print(repr(pool).startswith("<multiprocessing.pool.ThreadPool state=CLOSE"))
