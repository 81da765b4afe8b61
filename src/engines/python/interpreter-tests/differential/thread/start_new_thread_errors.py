# _thread.start_new_thread checks its arguments with CPython's errors
import _thread

for args in [(1, ()), (print, []), (print, (), []), (print,), (print, (), {}, 4)]:
    try:
        _thread.start_new_thread(*args)
    except TypeError as error:
        print("TypeError:", error)
