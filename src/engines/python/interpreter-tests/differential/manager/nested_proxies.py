# Manager: proxies stored inside shared objects stay proxies, reached from a child too
from multiprocessing import Manager, Process


def fill(outer):
    outer[0]["from child"] = True
    outer[1].append("child")


if __name__ == "__main__":
    with Manager() as manager:
        outer = manager.list([manager.dict(), manager.list()])
        p = Process(target=fill, args=(outer,))
        p.start()
        p.join()
        print(outer[0], outer[1], type(outer[0]).__name__, len(outer))
        print([type(x).__name__ for x in outer[:]])
