# Manager: Namespace, Value and Array proxies read and write the manager's objects
from multiprocessing import Manager, Process


def work(ns, v, a):
    ns.total = ns.start + 10
    v.value = v.value * 2
    a[0] = a[1] + a[2]


if __name__ == "__main__":
    with Manager() as manager:
        ns = manager.Namespace(start=5)
        v = manager.Value("i", 21)
        a = manager.Array("i", [0, 1, 2])
        p = Process(target=work, args=(ns, v, a))
        p.start()
        p.join()
        print(ns)
        print(ns.start, ns.total, v.value, v.get(), len(a), a[0], a[:])
        v.set(7)
        del ns.start
        print(v, ns, type(ns).__name__, type(v).__name__, type(a).__name__)
