# Pool.map keeps input order; apply and starmap return the function's results
from multiprocessing import Pool


def square(n):
    return n * n


if __name__ == "__main__":
    with Pool(2) as pool:
        print(pool.map(square, range(10)))
        print(pool.apply(square, (7,)), pool.starmap(pow, [(2, 5), (3, 3)]))
        print(sorted(pool.imap_unordered(square, range(4))))
