# _thread.stack_size reports and checks the size of new threads' stacks
import _thread
import threading

print(_thread.stack_size(), threading.stack_size())
for size in (100, -1):
    try:
        _thread.stack_size(size)
    except ValueError as error:
        print(error)
print(_thread.stack_size(0))
