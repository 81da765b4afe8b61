# a thread joining the main thread returns once the main thread's program has ended
import threading


def wait_for_main():
    threading.main_thread().join()
    print("the main thread has finished")


threading.Thread(target=wait_for_main).start()
print("main thread's last line")
