# Manager: leaving the with block shuts the server down; a proxy used afterwards fails
from multiprocessing import Manager, active_children

if __name__ == "__main__":
    with Manager() as manager:
        d = manager.dict(a=1)
        print(d["a"], [p.name for p in active_children()])
    print("after:", [p.name for p in active_children()])
    try:
        d["a"] = 2
    except Exception as error:
        print(type(error).__name__)
    m = Manager()
    l = m.list([1])
    m.shutdown()
    try:
        l.append(2)
    except Exception as error:
        print(type(error).__name__)
