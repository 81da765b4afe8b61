# Manager: an exception raised by the shared object comes back to the caller with its type
import queue
import threading
from multiprocessing import Manager


def attempt(label, call):
    try:
        result = call()
    except Exception as error:
        print(label, "->", type(error).__name__, error)
    else:
        print(label, "->", result)


if __name__ == "__main__":
    with Manager() as manager:
        d = manager.dict()
        l = manager.list([1, 2])
        ns = manager.Namespace(x=1)
        attempt("missing key", lambda: d["missing"])
        attempt("index", lambda: l[5])
        attempt("remove", lambda: l.remove(3))
        attempt("attribute", lambda: ns.y)
        attempt("pop empty", lambda: d.popitem())
        attempt("empty queue", lambda: manager.Queue().get(timeout=0.05))
        attempt("full queue", lambda: [q := manager.Queue(1), q.put(1), q.put(2, block=False)])
        attempt("unlocked release", lambda: manager.Lock().release())
        attempt("bounded release", lambda: manager.BoundedSemaphore(1).release())
        attempt("barrier", lambda: [b := manager.Barrier(2), b.abort(), b.wait()])
        print(queue.Empty.__name__, threading.BrokenBarrierError.__name__)
