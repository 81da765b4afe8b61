# _thread.interrupt_main from another thread raises KeyboardInterrupt in the sleeping main thread
import _thread
import threading
import time


def interrupt():
    time.sleep(0.05)
    _thread.interrupt_main()


threading.Thread(target=interrupt).start()
try:
    time.sleep(5)
    print("slept through")
except KeyboardInterrupt:
    print("main got KeyboardInterrupt")
