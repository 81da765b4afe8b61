# Manager: threads of one process share a proxy; a thread waiting on the manager lets the others run
import threading
from multiprocessing import Manager


def consume(q, results):
    for _ in range(3):
        results.append(q.get())


if __name__ == "__main__":
    with Manager() as manager:
        q, results = manager.Queue(), manager.list()
        consumer = threading.Thread(target=consume, args=(q, results))
        consumer.start()
        for i in range(3):
            q.put(i * i)
        consumer.join()
        print(list(results))
