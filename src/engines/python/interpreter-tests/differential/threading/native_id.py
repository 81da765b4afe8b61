# native_id is None before a thread starts, an int after; get_native_id is in threading.__all__
import threading

t = threading.Thread(target=lambda: None)
print(t.native_id)
t.start()
t.join()
print(type(t.native_id).__name__, type(threading.get_native_id()).__name__, "get_native_id" in threading.__all__)
print(threading.main_thread().native_id == threading.get_native_id())
