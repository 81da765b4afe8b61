# Manager: the manager's server is a process named SyncManager-N, counted with the others
from multiprocessing import Manager, Process, active_children


def nothing():
    pass


if __name__ == "__main__":
    first = Process(target=nothing)
    with Manager() as manager:
        second = Process(target=nothing)
        second.start()
        second.join()
        print(first.name, [p.name for p in active_children()], second.name, second.exitcode)
    print([p.name for p in active_children()])
