# every thread has its own ident and native id; the main thread's matches threading's
import _thread
import threading

idents, natives = set(), set()
lock = threading.Lock()
together = threading.Barrier(4)  # all alive at once: an ended thread's ident may be reused


def record():
    together.wait()
    with lock:
        idents.add(_thread.get_ident())
        natives.add(threading.get_native_id())


threads = [threading.Thread(target=record) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(len(idents), len(natives), _thread.get_ident() not in idents)
print(threading.main_thread().ident == _thread.get_ident() == threading.get_ident())
print(all(t.ident in idents for t in threads), all(t.native_id in natives for t in threads))
