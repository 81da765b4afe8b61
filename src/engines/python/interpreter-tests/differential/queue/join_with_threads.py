# several threads joining one queue all return when its work is done
import queue
import threading

q = queue.Queue()
for n in range(3):
    q.put(n)
returned = []
joiners = [threading.Thread(target=lambda: (q.join(), returned.append(True))) for _ in range(2)]
for t in joiners:
    t.start()
for _ in range(3):
    q.get()
    q.task_done()
for t in joiners:
    t.join()
print(returned)
