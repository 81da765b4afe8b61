"""What a fresh interpreter pays once, paid before the reader's first program runs.

The first thread started, the first GIL hand-overs and preemptions, the first pickling,
and code the WebAssembly engine has not optimised yet (it first runs each function with
quickly compiled, slow code) are all slower the first time. Left to the reader's program,
they would land inside its timings: two threads counting down took two to three times as
long as counting down twice, against about the same in CPython. So a short program doing
all of these runs here, through the same path as the reader's code, while the page still
says the interpreter is being prepared.

A child process's interpreter has no threads to warm up; it runs ``exercise`` instead, before
it says it is ready (see _child.prepare_child), and the process's own code starts afterwards
in a new call of CPython's evaluation loop.
"""

import functools
import operator
import pickle
import time

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
"""


# How long a child process's interpreter exercises CPython before it says it is ready (ms):
# the engine optimises CPython's evaluation loop, its largest function, in 40-120 ms on this
# site's 2-core test machine.
CHILD_EXERCISE_MS = 150


def _fib(n: int) -> int:
    return n if n < 2 else _fib(n - 1) + _fib(n - 2)


class _Varied:
    """An object whose calls, attributes and comparisons go through Python-level slots."""

    def __init__(self, value: int) -> None:
        self.value = value

    def __call__(self, other: object) -> object:
        return other

    def __getattr__(self, name: str) -> str:
        return name

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Varied) and other.value == self.value

    def __hash__(self) -> int:
        return self.value

    def method(self, other: int) -> int:
        return self.value + other


_VARIED = _Varied(1)
# Callables of every kind CPython calls differently (functions, builtins of each calling
# convention, method descriptors, bound methods, classes, callable objects, partials).
_CALLS = (
    (_fib, 3),
    (lambda value: value, 4),
    (len, "ab"),
    (abs, -2),
    (repr, "cd"),
    (str, 2.5),
    (int, "5"),
    (float, "2.5"),
    (bool, 0),
    (tuple, [2, 1]),
    (sorted, (2, 1)),
    (max, (1, 2)),
    (str.upper, "xy"),
    ("-".join, "ab"),
    ([].count, 1),
    ({}.get, 1),
    (_VARIED, 9),
    (_VARIED.method, 2),
    (functools.partial(max, 0), 3),
    (type, 5),
)
# Objects whose attributes CPython looks up each in its own way.
_HOLDERS = (_VARIED, _Varied, operator, [], "text", 1.5, _fib, {}, functools.partial(max), range(2), ValueError())


def _exercise() -> None:
    """Calls, recursion, arithmetic, comprehensions, generators, common builtins and
    methods, attribute lookups, exceptions and pickling: what the reader's programs do
    most, each of many kinds, so that the WebAssembly engine has seen them all before it
    optimises the interpreter's code (it optimises a call it has seen go to one or two
    functions for those, and un-optimises the code when the call goes elsewhere)."""
    for function, argument in _CALLS:
        function(argument)
    for holder in _HOLDERS:
        _ = holder.__class__, holder.__doc__
    values = [1, 2.5, "text", b"bytes", (1, 2), [3], {4: 5}, {6}, 7 + 8j, True, None, range(3), _VARIED]
    for value in values:
        len(repr(value))
        str(value)
        bool(value)
        _ = value == value, isinstance(value, int), hash(value) if value.__hash__ else 0
    for a, b in ((1, 2), (1.5, 2.5), ("a", "b"), ([1], [2]), ((1,), (2,)), (b"x", b"y"), (10**20, 3)):
        _ = a + b, a < b, a == b, a != b, a >= b, a * 2
    for n in (3, 4.5, 7, 10**20):
        _ = n * 2, n - 1, n / 2, n // 1, n % 2, -n, abs(n), n**2, round(n), int(n), float(n), n <= 3
    items = [3, 1, 2]
    items.append(4)
    items.pop()
    _ = sorted(items), sum(items), max(items), min(items), list(map(abs, items)), list(zip(items, items, strict=True))
    _ = list(enumerate(items)), any(items), all(items), sum(i * i for i in range(50)), items[1:], items[-1]
    _ = [i for i in range(50) if i % 2], {i: i for i in range(9)}, {i % 3 for i in range(9)}
    table = {"a": 1}
    table.get("a")
    table.setdefault("b", 2)
    table["c"] = 3
    del table["c"]
    _ = list(table.items()), "a" in table, ",".join(["x", "y"]), "a b".split(), f"{table}{1.5:.1f}{7:>3}"
    try:
        raise ValueError("expected")
    except ValueError:
        pass
    pickle.loads(pickle.dumps((values[:-2], _fib, {"key": 1.5})))
    _fib(18)


def exercise(duration_ms: float) -> None:
    """Runs ``_exercise`` for about ``duration_ms`` (ms), each time in a new call of CPython's
    evaluation loop.

    The WebAssembly engine first runs CPython's code compiled quickly, then optimises what
    runs often, on other threads; code that meets a call it did not expect goes back to the
    quick code until it is optimised again. A running call of the evaluation loop keeps the
    code it started with, so each exercise is called from C (``operator.call``), which
    starts a new call of the loop with the best code the engine has by then.
    """
    end = time.perf_counter() + duration_ms / 1000
    while time.perf_counter() < end:
        operator.call(_exercise)


def prepare() -> None:
    """Runs the warm-up program; raises RuntimeError if it fails (the interpreter is unfit)."""
    # Imported here: a child process imports this module for ``exercise`` only, and has none
    # of the page's JavaScript modules that _runtime needs.
    from ._runtime import run_snippet

    error = run_snippet(_WARM_UP)[0]
    if error is not None:
        raise RuntimeError(f"preparing the interpreter failed:\n{error}")
