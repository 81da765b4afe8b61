# threading.local gives each thread its own attributes; a subclass runs __init__ per thread
import threading


class Counter(threading.local):
    def __init__(self, start):
        self.value = start


counter = Counter(10)
shared = threading.local()
shared.name = "main"
seen = []


def work(n):
    seen.append((counter.value, getattr(shared, "name", None)))
    counter.value += n
    shared.name = n


threads = [threading.Thread(target=work, args=(n,)) for n in range(1, 4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(seen, counter.value, shared.name)
try:
    shared.__dict__ = {}
except AttributeError as error:
    print(error)
