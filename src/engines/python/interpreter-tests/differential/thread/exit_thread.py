# _thread.exit ends a thread started with start_new_thread, silently
import _thread
import threading

done = threading.Event()


def f():
    try:
        print("before exit")
        _thread.exit()
        print("not reached")
    finally:
        done.set()


_thread.start_new_thread(f, ())
done.wait(5)
print("main goes on")
