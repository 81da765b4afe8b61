# _thread._local keeps a value per thread; unset in a new thread
import _thread
import threading

data = _thread._local()
data.x = "main"
seen = []


def f(n):
    seen.append(hasattr(data, "x"))
    data.x = n
    seen.append(data.x)


threads = [threading.Thread(target=f, args=(n,)) for n in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(map(str, seen)), data.x)
try:
    _thread._local(1)
except TypeError as error:
    print(error)
