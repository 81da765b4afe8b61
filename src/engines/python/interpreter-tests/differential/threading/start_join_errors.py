# a thread starts once; it cannot be joined before it starts, nor join itself
import threading

t = threading.Thread(target=lambda: None)
try:
    t.join()
except RuntimeError as error:
    print(error)
t.start()
t.join()
try:
    t.start()
except RuntimeError as error:
    print(error)
try:
    threading.current_thread().join()
except RuntimeError as error:
    print(error)
