# an exception ending a thread goes to threading.excepthook with the thread and the exception
import threading

seen = []
threading.excepthook = lambda args: seen.append((args.exc_type.__name__, str(args.exc_value), args.thread.name))


def fail():
    raise KeyError("lost")


t = threading.Thread(target=fail, name="failing")
t.start()
t.join()
print(seen, t.is_alive())
threading.excepthook = threading.__excepthook__
print(threading.ExceptHookArgs.__name__)
