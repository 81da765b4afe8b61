# The GIL benchmark, run in the page's interpreter by scripts/bench.mjs (and runnable
# with native CPython for comparison: the site's GIL figures are then skipped).
import sys
import threading
import time

try:
    from pcm import _scheduler  # Only inside the site's interpreter.
except ImportError:
    _scheduler = None

N = 3_000_000


def work(n):
    while n > 0:
        n -= 1


def best(run, repeats=3):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def in_threads(count):
    def run():
        threads = [threading.Thread(target=work, args=(N // count,)) for _ in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    return run


def switches():
    return _scheduler.gil.switches if _scheduler else 0


work(N)  # Warm-up: the WebAssembly engine optimises the interpreter loop as it runs.
sequential = best(lambda: work(N))
print(f"sequential {sequential:.4f}")
for count in (2, 4):
    print(f"threads{count} {best(in_threads(count)) / sequential:.3f}")

# The preemption mechanism with a single thread: the default interval against one so
# long that no switch request is ever raised.
sys.setswitchinterval(1000)
quiet = best(lambda: work(N), 5)
sys.setswitchinterval(0.005)
ticking = best(lambda: work(N), 5)
print(f"single {ticking / quiet - 1:.4f}")

# Two CPU-bound threads for about a second at the default interval.
before = switches()
start = time.perf_counter()
in_threads(2)()
wall = time.perf_counter() - start
count = switches() - before
print(f"switches_per_s {count / wall:.1f}")
print(f"mean_hold_ms {wall / max(count, 1) * 1000:.2f}")
print(f"interval_ms {sys.getswitchinterval() * 1000:.2f}")
