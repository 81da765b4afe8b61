# a thread inherits daemon from its creator; it cannot change once started
import threading

release = threading.Event()
t = threading.Thread(target=release.wait, daemon=True)
print(threading.Thread().daemon, t.daemon)
inner = []
t2 = threading.Thread(target=lambda: inner.append(threading.Thread().daemon), daemon=True)
t2.start()
t2.join()
print("created by a daemon thread:", inner[0])
t.start()
try:
    t.daemon = False
except RuntimeError as error:
    print(error)
release.set()
t.join()
