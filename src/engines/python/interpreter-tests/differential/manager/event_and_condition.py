# Manager: a child waits on a manager Event and Condition until the parent sets and notifies
from multiprocessing import Manager, Process


def waiter(started, go, cond, state, log):
    started.set()
    log.append(("event", go.wait(30)))
    with cond:
        log.append(("condition", cond.wait_for(lambda: state["ready"], 30)))


if __name__ == "__main__":
    with Manager() as manager:
        started, go = manager.Event(), manager.Event()
        cond, state, log = manager.Condition(), manager.dict(ready=False), manager.list()
        p = Process(target=waiter, args=(started, go, cond, state, log))
        p.start()
        started.wait()
        print("timed out:", go.wait(0.05), go.is_set())
        go.set()
        with cond:
            state["ready"] = True
            cond.notify_all()
        p.join()
        print(list(log), go.is_set())
        go.clear()
        print(go.is_set())
