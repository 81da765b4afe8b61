"""Locks, semaphores and events between processes, as integers in shared memory.

They are waited on with ``Atomics.wait`` (allowed in workers; no spinning), and pickled by
the id of their shared block, so every process of a run uses the same one.
"""

import time
from collections.abc import Callable
from typing import Any, Self

import js

from . import _buffers, _hub


class _Sync:
    _kind = "lock"
    _slots = 1

    def __init__(self, value: int = 0) -> None:
        self._id, buffer = _buffers.new_buffer(self._kind, 4 * self._slots)
        self._cells = js.Int32Array.new(buffer)
        self._cells[0] = value

    def __reduce__(self) -> tuple[Callable[..., _Sync], tuple[type[Self], str]]:
        return (_rebuild_sync, (type(self), self._id))

    def _wait_while(self, expected: int, deadline: float | None) -> bool:
        """Sleeps while cell 0 still holds ``expected``, in 50 ms steps so Stop is seen."""
        left = 50 if deadline is None else min(50, (deadline - time.monotonic()) * 1000)
        if left > 0:
            js.Atomics.wait(self._cells, 0, expected, left)
        return deadline is None or time.monotonic() < deadline


def _rebuild_sync(cls: type[_Sync], sab_id: str) -> _Sync:
    sync = cls.__new__(cls)
    sync._id = sab_id
    sync._cells = js.Int32Array.new(_buffers.buffer(sab_id))
    return sync


class Lock(_Sync):
    def __init__(self, *, ctx: Any = None) -> None:
        super().__init__(0)

    def acquire(self, block: bool = True, timeout: float | None = None) -> bool:
        if js.Atomics.compareExchange(self._cells, 0, 0, 1) == 0:
            return True
        if not block:
            return False
        deadline = None if timeout is None or timeout < 0 else time.monotonic() + timeout
        start = _hub.clock()
        try:
            while True:
                going = self._wait_while(1, deadline)
                if js.Atomics.compareExchange(self._cells, 0, 0, 1) == 0:
                    return True
                if not going:
                    return False
        finally:
            _hub.record("blocked", start, _hub.clock(), f"{type(self).__name__}.acquire")

    def release(self) -> None:
        if js.Atomics.compareExchange(self._cells, 0, 1, 0) != 1:
            raise ValueError("semaphore or lock released too many times")
        js.Atomics.notify(self._cells, 0, 1)

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __repr__(self) -> str:
        return f"<{type(self).__name__}({'locked' if self._cells[0] else 'unlocked'})>"


class RLock(Lock):
    """A lock its owner (a process) may take again; cells: state, owner pid, depth."""

    _slots = 3

    def acquire(self, block: bool = True, timeout: float | None = None) -> bool:
        import os

        if self._cells[0] == 1 and self._cells[1] == os.getpid():
            self._cells[2] = self._cells[2] + 1
            return True
        if not super().acquire(block, timeout):
            return False
        self._cells[1] = os.getpid()
        self._cells[2] = 1
        return True

    def release(self) -> None:
        import os

        if self._cells[0] != 1 or self._cells[1] != os.getpid():
            raise AssertionError("attempt to release recursive lock not owned by thread")
        self._cells[2] = self._cells[2] - 1
        if self._cells[2] == 0:
            self._cells[1] = 0
            super().release()


class Semaphore(_Sync):
    _kind = "sem"

    def __init__(self, value: int = 1, *, ctx: Any = None) -> None:
        if value < 0:
            raise ValueError("semaphore initial value must be >= 0")
        super().__init__(value)

    def acquire(self, block: bool = True, timeout: float | None = None) -> bool:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            current = js.Atomics.load(self._cells, 0)
            if current > 0:
                if js.Atomics.compareExchange(self._cells, 0, current, current - 1) == current:
                    return True
                continue
            if not block or not self._wait_while(0, deadline):
                return False

    def release(self) -> None:
        js.Atomics.add(self._cells, 0, 1)
        js.Atomics.notify(self._cells, 0, 1)

    def get_value(self) -> int:
        return int(js.Atomics.load(self._cells, 0))

    __enter__ = Lock.__enter__
    __exit__ = Lock.__exit__


BoundedSemaphore = Semaphore


class Event(_Sync):
    _kind = "event"

    def __init__(self, *, ctx: Any = None) -> None:
        super().__init__(0)

    def is_set(self) -> bool:
        return js.Atomics.load(self._cells, 0) == 1

    def set(self) -> None:
        js.Atomics.store(self._cells, 0, 1)
        js.Atomics.notify(self._cells, 0)

    def clear(self) -> None:
        js.Atomics.store(self._cells, 0, 0)

    def wait(self, timeout: float | None = None) -> bool:
        deadline = None if timeout is None else time.monotonic() + timeout
        start = _hub.clock()
        try:
            while not self.is_set():
                if not self._wait_while(0, deadline):
                    break
            return self.is_set()
        finally:
            _hub.record("blocked", start, _hub.clock(), "Event.wait")
