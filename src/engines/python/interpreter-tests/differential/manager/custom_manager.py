# Manager: a BaseManager subclass serves a registered class through an auto-generated proxy
from multiprocessing import Process
from multiprocessing.managers import BaseManager


class Counter:
    def __init__(self, start):
        self.value = start

    def add(self, n):
        self.value += n
        return self.value

    def get(self):
        return self.value


class CounterManager(BaseManager):
    pass


CounterManager.register("Counter", Counter)


def bump(counter):
    counter.add(5)


if __name__ == "__main__":
    with CounterManager() as manager:
        counter = manager.Counter(10)
        p = Process(target=bump, args=(counter,))
        p.start()
        p.join()
        print(counter.add(1), counter.get(), type(counter).__name__)
        try:
            counter.value
        except AttributeError as error:
            print("AttributeError", error)
