# Value and Array are shared with a child: its writes are seen by the parent
import multiprocessing as mp


def fill(counter, numbers):
    with counter.get_lock():
        counter.value += 5
    for i in range(len(numbers)):
        numbers[i] = i * 10


if __name__ == "__main__":
    counter = mp.Value("i", 1)
    numbers = mp.Array("d", 3)
    p = mp.Process(target=fill, args=(counter, numbers))
    p.start()
    p.join()
    print(counter.value, numbers[:])
