# locks, RLocks and SimpleQueues refuse to be pickled or copied, naming their C type
import copy
import pickle
import queue
import threading

for make in (threading.Lock, threading.RLock, queue.SimpleQueue):
    for action in (pickle.dumps, copy.copy):
        try:
            action(make())
        except TypeError as error:
            print(action.__name__, str(error).splitlines()[0])
