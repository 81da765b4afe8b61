# Manager: a manager Queue carries items between processes in order; get waits for them
from multiprocessing import Manager, Process


def produce(q, n):
    for i in range(n):
        q.put(i * i)
    q.put(None)


if __name__ == "__main__":
    with Manager() as manager:
        q = manager.Queue()
        p = Process(target=produce, args=(q, 5))
        p.start()
        items = []
        while (item := q.get()) is not None:
            items.append(item)
        p.join()
        print(items, q.empty(), q.qsize())
        jq = manager.JoinableQueue()
        for i in range(3):
            jq.put(i)
        for _ in range(3):
            jq.get()
            jq.task_done()
        jq.join()
        print("joined", type(q).__name__)
