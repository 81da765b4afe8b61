# a Barrier lets parties through together, each with its own index; abort breaks it
import threading

barrier = threading.Barrier(3)
indices = []
lock = threading.Lock()


def party():
    index = barrier.wait()
    with lock:
        indices.append(index)


threads = [threading.Thread(target=party) for _ in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(indices), barrier.broken, barrier.n_waiting, barrier.parties)
barrier.abort()
try:
    barrier.wait()
except threading.BrokenBarrierError:
    print("broken:", barrier.broken)
barrier.reset()
print("reset:", barrier.broken)
