# an exception ending a start_new_thread thread goes to sys.unraisablehook
import _thread
import sys
import threading

done = threading.Event()
seen = []


def hook(args):
    seen.append((args.exc_type.__name__, str(args.exc_value), "thread started by" in args.err_msg))
    done.set()


sys.unraisablehook = hook


def fail():
    raise ValueError("boom")


_thread.start_new_thread(fail, ())
done.wait(5)
print(seen)
