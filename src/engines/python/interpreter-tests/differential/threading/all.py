# threading.__all__ is CPython 3.14's on Linux (compared with a file: 3.12 added names)
import threading

print(sorted(threading.__all__))
