# current_thread in a thread of _thread.start_new_thread is a dummy thread, alive and daemonic
import _thread
import threading

done = threading.Event()
seen = []


def f():
    current = threading.current_thread()
    seen.append((current.name.startswith("Dummy-"), current.daemon, current.is_alive()))
    done.set()


_thread.start_new_thread(f, ())
done.wait(5)
print(seen)
