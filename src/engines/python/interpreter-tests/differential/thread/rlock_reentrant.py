# an RLock is reentrant for its owner and excludes other threads until fully released
import threading

rlock = threading.RLock()
rlock.acquire()
rlock.acquire()
print(rlock._is_owned(), rlock._recursion_count())
result = []
t = threading.Thread(target=lambda: result.append(rlock.acquire(timeout=0.05)))
t.start()
t.join()
print("other thread got it while held:", result[0])
rlock.release()
t = threading.Thread(target=lambda: result.append(rlock.acquire(timeout=0.05)))
t.start()
t.join()
print("after one release:", result[1])
rlock.release()
t = threading.Thread(target=lambda: result.append(rlock.acquire(timeout=0.05)))
t.start()
t.join()
print("after both releases:", result[2])
