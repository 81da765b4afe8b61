# notify(n) wakes n waiters, notify_all the rest
import threading
import time

condition = threading.Condition()
woken = []


def waiter(n):
    with condition:
        condition.wait()
        woken.append(n)


threads = [threading.Thread(target=waiter, args=(n,)) for n in range(3)]
for t in threads:
    t.start()
while True:
    with condition:
        if len(condition._waiters) == 3:
            break
    time.sleep(0.01)
with condition:
    condition.notify(2)
time.sleep(0.05)
print(len(woken))
with condition:
    condition.notify_all()
for t in threads:
    t.join()
print(sorted(woken))
try:
    condition.notify()
except RuntimeError as error:
    print(error)
