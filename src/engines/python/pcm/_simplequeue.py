"""``_queue.SimpleQueue`` for green threads.

CPython's C SimpleQueue waits on an OS-level lock, which here would freeze the page; this
one suspends its waiters like every green primitive. As the C one, ``put`` never blocks
and takes no lock, so it may be called from ``__del__`` methods and signal handlers.
"""

import _queue
import collections
import types
from types import GenericAlias
from typing import Any

from . import _scheduler
from ._mimic import c_type, like
from ._scheduler import critical

REAL = _queue.SimpleQueue


@c_type("_queue.SimpleQueue", base=True, doc=REAL.__doc__)
class GreenSimpleQueue:
    __slots__ = ("__weakref__", "_items", "_waiters")

    def __new__(cls, *args: object, **kwargs: object) -> GreenSimpleQueue:
        if args or kwargs:
            REAL(*args, **kwargs)  # CPython's error for arguments it does not take.
        self = object.__new__(cls)
        self._items = collections.deque()
        self._waiters = collections.deque()
        return self

    @like(REAL.put)
    def put(self, item: Any, block: bool = True, timeout: float | None = None) -> None:
        self._items.append(item)
        critical[0] += 1
        try:
            while self._waiters:
                if _scheduler.gil.wake(self._waiters.popleft(), "released"):
                    return
        finally:
            critical[0] -= 1

    @like(REAL.put_nowait)
    def put_nowait(self, item: Any) -> None:
        self.put(item)

    @like(REAL.get)
    def get(self, block: bool = True, timeout: float | None = None) -> Any:
        if self._items:
            return self._items.popleft()
        if not block:
            raise _queue.Empty
        if timeout is not None:
            timeout = float(timeout)
            if timeout < 0:
                raise ValueError("'timeout' must be a non-negative number")
        critical[0] += 1
        try:
            return self._wait(timeout)
        finally:
            critical[0] -= 1

    def _wait(self, timeout: float | None) -> Any:
        if not _scheduler.wait_until(lambda: bool(self._items), self._waiters, "queue item (SimpleQueue.get)", timeout):
            raise _queue.Empty
        return self._items.popleft()

    @like(REAL.get_nowait)
    def get_nowait(self) -> Any:
        return self.get(False)

    @like(REAL.empty)
    def empty(self) -> bool:
        return not self._items

    @like(REAL.qsize)
    def qsize(self) -> int:
        return len(self._items)

    __class_getitem__ = classmethod(GenericAlias)


def module() -> types.ModuleType:
    """The green ``_queue`` module: the interpreter's, with the green SimpleQueue."""
    green = types.ModuleType("_queue", _queue.__doc__)
    green.__dict__.update({name: value for name, value in vars(_queue).items() if name != "__name__"})
    green.SimpleQueue = GreenSimpleQueue
    return green
