# items put on a multiprocessing.Queue by a child arrive in the parent, each once
import multiprocessing as mp


def produce(queue, n):
    for i in range(n):
        queue.put(i * i)
    queue.put(None)


if __name__ == "__main__":
    queue = mp.Queue()
    p = mp.Process(target=produce, args=(queue, 5))
    p.start()
    items = []
    while (item := queue.get()) is not None:
        items.append(item)
    p.join()
    print(items, p.exitcode)
