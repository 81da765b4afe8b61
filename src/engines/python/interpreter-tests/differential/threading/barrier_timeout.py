# a Barrier wait that times out breaks the barrier for everyone
import threading

barrier = threading.Barrier(2, timeout=0.05)
try:
    barrier.wait()
except threading.BrokenBarrierError:
    print("timed out, broken:", barrier.broken)
calls = []
action = threading.Barrier(2, action=lambda: calls.append("action"))
t = threading.Thread(target=action.wait)
t.start()
action.wait()
t.join()
print(calls)
