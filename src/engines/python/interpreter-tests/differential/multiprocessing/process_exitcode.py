# a child's exit code: 0 when it returns, 1 on an exception, N for sys.exit(N)
import multiprocessing as mp
import sys


def ok():
    pass


def fail():
    raise RuntimeError("child fails")


def exits():
    sys.exit(3)


if __name__ == "__main__":
    codes = []
    for target in (ok, fail, exits):
        p = mp.Process(target=target)
        p.start()
        p.join()
        codes.append(p.exitcode)
    print(codes)
