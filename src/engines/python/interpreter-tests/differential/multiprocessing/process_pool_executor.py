# ProcessPoolExecutor.map keeps order; a failure comes back from result()
from concurrent.futures import ProcessPoolExecutor


def cube(n):
    return n ** 3


def fail():
    raise KeyError("missing")


if __name__ == "__main__":
    with ProcessPoolExecutor(max_workers=2) as pool:
        print(list(pool.map(cube, range(5))))
        try:
            pool.submit(fail).result()
        except KeyError as error:
            print("KeyError", error)
