# multiprocessing.pool.ThreadPool maps on threads, in input order
# differential: node
from multiprocessing.pool import ThreadPool

with ThreadPool(2) as pool:
    print(pool.map(abs, [-1, -2]))
    print(pool.apply_async(sum, ([1, 2, 3],)).get(timeout=5))
    print(list(pool.imap(str, range(3))), sorted(pool.imap_unordered(abs, [-3, -4])))
    print(pool.starmap(pow, [(2, 3), (3, 2)]))
