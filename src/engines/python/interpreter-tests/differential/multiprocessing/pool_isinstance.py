# multiprocessing.Pool() makes a multiprocessing.pool.Pool; its results are AsyncResults
import multiprocessing
import multiprocessing.pool

if __name__ == "__main__":
    with multiprocessing.Pool(1) as pool:
        result = pool.apply_async(abs, (-5,))
        print(isinstance(pool, multiprocessing.pool.Pool), isinstance(result, multiprocessing.pool.AsyncResult))
        print(result.get(timeout=30))
