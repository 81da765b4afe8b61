# Condition.wait_for waits until the predicate holds, or gives up after its timeout
import threading

condition = threading.Condition()
items = []


def produce():
    for n in range(3):
        with condition:
            items.append(n)
            condition.notify()


with condition:
    print(condition.wait_for(lambda: len(items) == 3, timeout=0.05))
t = threading.Thread(target=produce)
with condition:
    t.start()
    print(condition.wait_for(lambda: len(items) == 3, timeout=5), items)
t.join()
