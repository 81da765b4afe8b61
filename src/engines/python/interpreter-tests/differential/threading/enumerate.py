# active_count and enumerate list the main thread and the threads alive
import threading

release = threading.Event()
threads = [threading.Thread(target=release.wait, name=f"w{n}") for n in range(3)]
print(threading.active_count(), [t.name for t in threading.enumerate()])
for t in threads:
    t.start()
print(threading.active_count(), sorted(t.name for t in threading.enumerate()))
release.set()
for t in threads:
    t.join()
print(threading.active_count())
