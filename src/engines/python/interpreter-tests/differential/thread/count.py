# _thread._count counts the threads started and still running
import _thread
import threading

release = threading.Event()
print(_thread._count())
threads = [threading.Thread(target=release.wait) for _ in range(3)]
for t in threads:
    t.start()
print(_thread._count())
release.set()
for t in threads:
    t.join()
print(_thread._count())
