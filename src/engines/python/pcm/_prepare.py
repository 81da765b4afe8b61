"""What a fresh interpreter pays once, paid before the reader's first program runs.

The first thread started, the first GIL hand-overs and preemptions, the first pickling,
and code the WebAssembly engine has not optimised yet (it first runs each function with
quickly compiled, slow code) are all slower the first time. Left to the reader's program,
they would land inside its timings: two threads counting down took two to three times as
long as counting down twice, against about the same in CPython. So a short program doing
all of these runs here, through the same path as the reader's code, while the page still
says the interpreter is being prepared.
"""

from ._runtime import run_snippet

_WARM_UP = """
import pickle, queue, threading, time

def count(n):
    while n > 0:
        n -= 1

threads = [threading.Thread(target=count, args=(1_500_000,)) for _ in range(2)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()

lock = threading.Lock()
items = queue.Queue()

def produce():
    for item in range(50):
        with lock:
            items.put(item)
        time.sleep(0)

producer = threading.Thread(target=produce)
producer.start()
taken = [items.get() for _ in range(50)]
producer.join()
pickle.loads(pickle.dumps((count, taken, {"key": 1.5})))
# A process pool pickles a small task and its result for every job; the engine optimises
# pickling's larger functions only after many calls, in tens of milliseconds of compiling
# that would otherwise fall inside the pool's first timed jobs.
for job in range(1000):
    pickle.loads(pickle.dumps((job, 0, count, [job], False)))
# Integers past 2**30 take CPython's multi-digit arithmetic, whose functions the engine had not
# optimised yet either: sums of squares run one after another, first in a program, took longer
# than the same sums then run in threads (0.92 of the time in threads, median of six fresh pages,
# against about 1.0 in CPython).
sum(i * i for i in range(40_000, 100_000))
"""


def prepare() -> None:
    """Runs the warm-up program; raises RuntimeError if it fails (the interpreter is unfit)."""
    # Without a final collection: the warm-up leaves little garbage, and collecting a restored
    # interpreter's whole heap took 30-47 ms of the reader's first click.
    error = run_snippet(_WARM_UP, collect=False)[0]
    if error is not None:
        raise RuntimeError(f"preparing the interpreter failed:\n{error}")
