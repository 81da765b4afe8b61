# current_thread inside a thread is that thread; main_thread is the same everywhere
import threading

seen = []


def work():
    seen.append((threading.current_thread().name, threading.main_thread().name))


t = threading.Thread(target=work, name="worker")
t.start()
t.join()
print(seen, threading.current_thread().name)
