# a Timer calls its function after the interval unless cancelled first
import threading

calls = []
fired = threading.Timer(0.02, calls.append, args=("fired",))
cancelled = threading.Timer(0.05, calls.append, args=("cancelled",))
fired.start()
cancelled.start()
cancelled.cancel()
fired.join()
cancelled.join()
print(calls, fired.is_alive(), cancelled.is_alive())
