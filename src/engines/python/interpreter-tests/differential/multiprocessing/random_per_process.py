# every process seeds random afresh: two children and their parent draw different numbers
import multiprocessing as mp
import random


def draw(q):
    q.put(random.random())


if __name__ == "__main__":
    q = mp.Queue()
    processes = [mp.Process(target=draw, args=(q,)) for _ in range(2)]
    for p in processes:
        p.start()
    for p in processes:
        p.join()
    draws = {q.get(), q.get(), random.random()}
    print(len(draws) == 3)
