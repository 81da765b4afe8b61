# Manager: a manager Barrier lets three processes through together and reports its state
from multiprocessing import Manager, Process


def meet(barrier, arrived):
    arrived.append(barrier.wait(30) is not None)


if __name__ == "__main__":
    with Manager() as manager:
        barrier = manager.Barrier(3)
        arrived = manager.list()
        print(barrier.parties, barrier.n_waiting, barrier.broken)
        workers = [Process(target=meet, args=(barrier, arrived)) for _ in range(2)]
        for w in workers:
            w.start()
        index = barrier.wait(30)
        for w in workers:
            w.join()
        print(0 <= index < 3, list(arrived), barrier.n_waiting, barrier.broken)
        barrier.abort()
        print(barrier.broken)
        barrier.reset()
        print(barrier.broken)
