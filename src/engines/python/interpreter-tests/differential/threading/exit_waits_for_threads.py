# the program exits only after its non-daemon threads finish
import threading
import time


def late():
    time.sleep(0.05)
    print("the thread finished after the main thread's last line")


threading.Thread(target=late).start()
threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
print("main thread's last line")
