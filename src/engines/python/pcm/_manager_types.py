"""What a manager's server holds for ``Event``, ``Barrier``, ``Queue`` and ``JoinableQueue``:
objects that wait as _manager_locks describes, with the semantics of ``threading`` and ``queue``.
"""

import collections
import queue
import threading
from collections.abc import Callable
from typing import Any

from ._manager_locks import BoundedSemaphore, Condition, Lock, RLock, Semaphore, Wait, Waiting, waits


class Event:
    """``threading.Event``."""

    def __init__(self) -> None:
        self._flag = False

    def is_set(self) -> bool:
        return self._flag

    def set(self) -> None:
        self._flag = True

    def clear(self) -> None:
        self._flag = False

    @waits
    def wait(self, timeout: float | None = None) -> Waiting[bool]:
        # As in threading: True if set meanwhile, even if cleared again before the waiter ran.
        return self._flag or (yield Wait(lambda: self._flag, timeout))

    def __repr__(self) -> str:
        return f"<threading.Event at {id(self):#x}: {'set' if self._flag else 'unset'}>"


# Barrier states, as threading names them.
_FILLING, _DRAINING, _RESETTING, _BROKEN = 0, 1, -1, -2


class Barrier:
    """``threading.Barrier``: ``parties`` callers wait, and all go on once the last arrives."""

    def __init__(self, parties: int, action: Callable[[], object] | None = None, timeout: float | None = None) -> None:
        if parties < 1:
            raise ValueError("parties must be >= 1")
        self._parties, self._action, self._timeout = parties, action, timeout
        self._state = _FILLING
        self._count = 0

    @waits
    def wait(self, timeout: float | None = None) -> Waiting[int]:
        timeout = self._timeout if timeout is None else timeout
        if self._state in (_DRAINING, _RESETTING):
            yield Wait(lambda: self._state not in (_DRAINING, _RESETTING))
        if self._state == _BROKEN:
            raise threading.BrokenBarrierError
        index = self._count
        self._count += 1
        try:
            if index + 1 == self._parties:
                try:
                    if self._action is not None:
                        self._action()
                    self._state = _DRAINING
                except BaseException:
                    self._state = _BROKEN
                    raise
            elif not (yield Wait(lambda: self._state != _FILLING, timeout)):
                self._state = _BROKEN
                raise threading.BrokenBarrierError
            elif self._state < 0:
                raise threading.BrokenBarrierError
            return index
        finally:
            self._count -= 1
            if not self._count and self._state in (_DRAINING, _RESETTING):
                self._state = _FILLING

    def reset(self) -> None:
        if not self._count:
            self._state = _FILLING
        elif self._state in (_FILLING, _BROKEN):
            self._state = _RESETTING  # The waiters leave with BrokenBarrierError; the last one refills.

    def abort(self) -> None:
        self._state = _BROKEN

    @property
    def parties(self) -> int:
        return self._parties

    @property
    def n_waiting(self) -> int:
        return self._count if self._state == _FILLING else 0

    @property
    def broken(self) -> bool:
        return self._state == _BROKEN

    def __repr__(self) -> str:
        if self.broken:
            return f"<threading.Barrier at {id(self):#x}: broken>"
        return f"<threading.Barrier at {id(self):#x}: waiters={self.n_waiting}/{self.parties}>"


class Queue:
    """``queue.Queue``, which the manager's ``Queue`` and ``JoinableQueue`` both are."""

    def __init__(self, maxsize: int = 0) -> None:
        self.maxsize = maxsize
        self.unfinished_tasks = 0
        self.is_shutdown = False
        self._items: collections.deque[Any] = collections.deque()

    def task_done(self) -> None:
        if self.unfinished_tasks <= 0:
            raise ValueError("task_done() called too many times")
        self.unfinished_tasks -= 1

    @waits
    def join(self) -> Waiting[None]:
        if self.unfinished_tasks:
            yield Wait(lambda: not self.unfinished_tasks)

    def qsize(self) -> int:
        return len(self._items)

    def empty(self) -> bool:
        return not self._items

    def full(self) -> bool:
        return 0 < self.maxsize <= len(self._items)

    @waits
    def put(self, item: Any, block: bool = True, timeout: float | None = None) -> Waiting[None]:
        if self.is_shutdown:
            raise queue.ShutDown
        if self.maxsize > 0 and block and timeout is not None and timeout < 0:
            raise ValueError("'timeout' must be a non-negative number")
        if self.full():
            if not block or not (yield Wait(lambda: self.is_shutdown or not self.full(), timeout)):
                raise queue.Full
            if self.is_shutdown:
                raise queue.ShutDown
        self._items.append(item)
        self.unfinished_tasks += 1

    @waits
    def get(self, block: bool = True, timeout: float | None = None) -> Waiting[Any]:
        if self.is_shutdown and not self._items:
            raise queue.ShutDown
        if block and timeout is not None and timeout < 0:
            raise ValueError("'timeout' must be a non-negative number")
        if not self._items:
            if not block or not (yield Wait(lambda: self._items or self.is_shutdown, timeout)):
                raise queue.Empty
            if not self._items:
                raise queue.ShutDown
        return self._items.popleft()

    @waits
    def put_nowait(self, item: Any) -> Waiting[None]:
        return (yield from self.put(item, False))

    @waits
    def get_nowait(self) -> Waiting[Any]:
        return (yield from self.get(False))

    def shutdown(self, immediate: bool = False) -> None:
        self.is_shutdown = True
        while immediate and self._items:
            self._items.popleft()
            self.unfinished_tasks = max(0, self.unfinished_tasks - 1)

    def __repr__(self) -> str:
        return f"<queue.Queue object at {id(self):#x}>"


def queue_error(name: str, args: tuple[Any, ...]) -> Exception:
    """Rebuilds, in the caller, the ``queue`` exception ``name`` its server's queue raised.

    CPython's ``queue.Empty`` and ``queue.Full`` are classes of the C module ``_queue`` and
    pickle by that name, but an interpreter here may have its ``queue`` without ``_queue``
    (the page's threads use the pure-Python fallback). A server pickles them by their name in
    ``queue`` instead (see ``register_queue_errors``), which finds the class every
    interpreter's ``queue`` module raises and catches."""
    return getattr(queue, name)(*args)


def register_queue_errors() -> None:
    """In a server: its ``queue`` exceptions reach callers as their own ``queue`` classes."""
    from multiprocessing.reduction import ForkingPickler

    for name in ("Empty", "Full", "ShutDown"):
        ForkingPickler.register(getattr(queue, name), lambda error, name=name: (queue_error, (name, error.args)))


_HELD: dict[str, type] = {
    "Queue": Queue,
    "JoinableQueue": Queue,
    "Lock": Lock,
    "RLock": RLock,
    "Semaphore": Semaphore,
    "BoundedSemaphore": BoundedSemaphore,
    "Event": Event,
    "Condition": Condition,
    "Barrier": Barrier,
}


def stand_ins() -> list[tuple[Any, type]]:
    """The classes the server holds in place of the ``threading`` and ``queue`` ones, as
    (registered, held): those ``SyncManager`` registered when it was imported, and those the
    modules have now (the thread layer may have replaced some since, and a manager of the
    reader's own may register either)."""
    from multiprocessing.managers import SyncManager

    now = {
        "Queue": queue.Queue,
        "Lock": threading.Lock,
        "RLock": threading.RLock,
        "Semaphore": threading.Semaphore,
        "BoundedSemaphore": threading.BoundedSemaphore,
        "Event": threading.Event,
        "Condition": threading.Condition,
        "Barrier": threading.Barrier,
    }
    registered = [(SyncManager._registry[typeid][0], held) for typeid, held in _HELD.items()]
    return registered + [(now[typeid], _HELD[typeid]) for typeid in now]
