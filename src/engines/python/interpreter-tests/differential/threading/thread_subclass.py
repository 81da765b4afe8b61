# a Thread subclass overrides run; its result is kept on the object
import threading


class Squarer(threading.Thread):
    def __init__(self, n):
        super().__init__(name=f"squarer-{n}")
        self.n = n
        self.result = None

    def run(self):
        self.result = self.n * self.n


threads = [Squarer(n) for n in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print([(t.name, t.result) for t in threads])
