# the default excepthook prints "Exception in thread <name>:" and the traceback to stderr
import io
import sys
import threading

buffer = io.StringIO()
sys.stderr = buffer


def fail():
    raise ValueError("bad value")


t = threading.Thread(target=fail, name="worker")
t.start()
t.join()
sys.stderr = sys.__stderr__
lines = buffer.getvalue().splitlines()
print(lines[0])
print(lines[1])
print(lines[-1])
