# a new thread starts with fresh context variables; each thread keeps its own values
import contextvars
import threading
import time

var = contextvars.ContextVar("var", default="default")
var.set("main")
seen = []


def work(n):
    seen.append(var.get())
    var.set(n)
    time.sleep(0.01)
    seen.append(var.get() == n)


threads = [threading.Thread(target=work, args=(n,)) for n in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(map(str, seen)), var.get())
