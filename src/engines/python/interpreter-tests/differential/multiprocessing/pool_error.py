# an exception in a pool worker is raised again in the parent
from multiprocessing import Pool


def fail(n):
    raise ValueError(f"bad input {n}")


if __name__ == "__main__":
    with Pool(1) as pool:
        try:
            pool.apply(fail, (3,))
        except ValueError as error:
            print("ValueError:", error)
