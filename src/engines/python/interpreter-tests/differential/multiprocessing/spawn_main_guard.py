# a spawned child runs the program again as __mp_main__, so code under the main guard runs once
import multiprocessing as mp


def report(queue):
    queue.put((__name__, mp.current_process().name, mp.parent_process() is not None))


if __name__ == "__main__":
    mp.set_start_method("spawn")
    print("main guard runs as", __name__)
    queue = mp.Queue()
    p = mp.Process(target=report, args=(queue,), name="reporter")
    p.start()
    print(queue.get())
    p.join()
    print(mp.current_process().name, mp.parent_process(), mp.get_start_method())
