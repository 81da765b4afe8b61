"""What a manager's server holds for the locks: ``Lock``, ``RLock``, ``Semaphore``,
``BoundedSemaphore`` and ``Condition``, and how any of its objects waits.

CPython's server gives each client connection a thread, so ``queue.Queue.get`` may simply
block that thread. A server here runs one Python stack, which must go on serving everyone
else, so a method that has to wait is a generator instead: it yields a ``Wait`` (what it
waits for, and for how long) and the server runs it on when that holds or the time is up,
and only then answers its caller (_manager_server). What the callers see (return values,
exceptions and their messages) is what the ``threading`` and ``queue`` classes give.
"""

import collections
import time
from collections.abc import Callable, Generator
from multiprocessing import process
from typing import Any

type Waiting[T] = Generator[Wait, bool, T]

# The connection whose call the server is running: a client process's thread, which is what
# owns an RLock (CPython's server runs each connection's calls on a thread of its own).
current: dict[str, str | None] = {"caller": None}


class Wait:
    """Run the call on with True once ``ready()`` holds, or with False after ``timeout`` seconds."""

    __slots__ = ("deadline", "ready")

    def __init__(self, ready: Callable[[], object], timeout: float | None = None) -> None:
        self.ready = ready
        self.deadline = None if timeout is None else time.monotonic() + max(0.0, timeout)


def waits[F: Callable[..., Any]](method: F) -> F:
    """Marks a method that may have to wait: calling it gives a generator of ``Wait``s."""
    method.waits = True
    return method


def _lock_timeout(blocking: bool, timeout: float) -> float | None:
    """The timeout of ``_thread.lock.acquire`` (-1 is none), checked as it checks it."""
    if not blocking and timeout != -1:
        raise ValueError("can't specify a timeout for a non-blocking call")
    if timeout < 0 and timeout != -1:
        raise ValueError("timeout value must be a non-negative number")
    return None if timeout == -1 else timeout


class Lock:
    """``threading.Lock``: whoever holds it or not, any caller may release it."""

    def __init__(self) -> None:
        self._held = False

    @waits
    def acquire(self, blocking: bool = True, timeout: float = -1) -> Waiting[bool]:
        limit = _lock_timeout(blocking, timeout)
        if self._held and (not blocking or not (yield Wait(lambda: not self._held, limit))):
            return False
        self._held = True
        return True

    def release(self) -> None:
        if not self._held:
            raise RuntimeError("release unlocked lock")
        self._held = False

    def locked(self) -> bool:
        return self._held

    # What a Condition built on this lock needs: whether the caller holds it, and letting go
    # of it for a wait and taking it back after.
    def _is_owned(self, caller: str | None) -> bool:
        return self._held

    def _release_save(self, caller: str | None) -> int:
        self.release()
        return 1

    def _acquire_restore(self, caller: str | None, count: int) -> Waiting[None]:
        if self._held:
            yield Wait(lambda: not self._held)
        self._held = True

    def __repr__(self) -> str:
        return f"<{'locked' if self._held else 'unlocked'} _thread.lock object at {id(self):#x}>"


class RLock(Lock):
    """``threading.RLock``: its owner (one thread of one client process) may take it again."""

    def __init__(self) -> None:
        self._owner: str | None = None
        self._count = 0

    @property
    def _held(self) -> bool:
        return self._owner is not None

    @waits
    def acquire(self, blocking: bool = True, timeout: float = -1) -> Waiting[bool]:
        limit = _lock_timeout(blocking, timeout)
        me = current["caller"]
        if self._owner == me:
            self._count += 1
            return True
        if self._held and (not blocking or not (yield Wait(lambda: not self._held, limit))):
            return False
        self._owner, self._count = me, 1
        return True

    def release(self) -> None:
        if not self._held or self._owner != current["caller"]:
            raise RuntimeError("cannot release un-acquired lock")
        self._count -= 1
        if not self._count:
            self._owner = None

    def _is_owned(self, caller: str | None) -> bool:
        return self._held and self._owner == caller

    def _release_save(self, caller: str | None) -> int:
        count, self._owner, self._count = self._count, None, 0
        return count

    def _acquire_restore(self, caller: str | None, count: int) -> Waiting[None]:
        if self._held:
            yield Wait(lambda: not self._held)
        self._owner, self._count = caller, count

    def __repr__(self) -> str:
        state = "locked" if self._held else "unlocked"
        return f"<{state} _thread.RLock object owner={self._owner or 0!r} count={self._count} at {id(self):#x}>"


class Semaphore:
    """``threading.Semaphore``."""

    def __init__(self, value: int = 1) -> None:
        if value < 0:
            raise ValueError("semaphore initial value must be >= 0")
        self._value = value

    @waits
    def acquire(self, blocking: bool = True, timeout: float | None = None) -> Waiting[bool]:
        if not blocking and timeout is not None:
            raise ValueError("can't specify timeout for non-blocking acquire")
        if not self._value and (not blocking or not (yield Wait(lambda: self._value, timeout))):
            return False
        self._value -= 1
        return True

    def release(self, n: int = 1) -> None:
        if n < 1:
            raise ValueError("n must be one or more")
        self._value += n

    def __repr__(self) -> str:
        return f"<threading.{type(self).__name__} at {id(self):#x}: value={self._value}>"


class BoundedSemaphore(Semaphore):
    """``threading.BoundedSemaphore``: releasing above the initial value is an error."""

    def __init__(self, value: int = 1) -> None:
        super().__init__(value)
        self._initial_value = value

    def release(self, n: int = 1) -> None:
        if n < 1:
            raise ValueError("n must be one or more")
        if self._value + n > self._initial_value:
            raise ValueError("Semaphore released too many times")
        self._value += n

    def __repr__(self) -> str:
        return f"<threading.BoundedSemaphore at {id(self):#x}: value={self._value}/{self._initial_value}>"


class _Waiter:
    notified = False


class Condition:
    """``threading.Condition`` over this server's Lock or RLock (an RLock of its own by default)."""

    def __init__(self, lock: Lock | None = None) -> None:
        server = getattr(process.current_process(), "_manager_server", None)
        # A lock passed in is a proxy of this manager: the server uses the lock itself.
        lock = server.referent(lock) if server is not None and lock is not None else lock
        if lock is not None and not isinstance(lock, Lock):
            raise TypeError("a manager's Condition needs a Lock or RLock of the same manager")
        self._lock = RLock() if lock is None else lock
        self._waiters: collections.deque[_Waiter] = collections.deque()

    @waits
    def acquire(self, blocking: bool = True, timeout: float = -1) -> Waiting[bool]:
        return (yield from self._lock.acquire(blocking, timeout))

    def release(self) -> None:
        self._lock.release()

    def locked(self) -> bool:
        return self._lock.locked()

    @waits
    def wait(self, timeout: float | None = None) -> Waiting[bool]:
        me = current["caller"]
        if not self._lock._is_owned(me):
            raise RuntimeError("cannot wait on un-acquired lock")
        waiter = _Waiter()
        self._waiters.append(waiter)
        count = self._lock._release_save(me)
        notified = yield Wait(lambda: waiter.notified, timeout)
        if not notified:
            self._waiters.remove(waiter)
        yield from self._lock._acquire_restore(me, count)
        return notified

    def notify(self, n: int = 1) -> None:
        if not self._lock._is_owned(current["caller"]):
            raise RuntimeError("cannot notify on un-acquired lock")
        for _ in range(min(n, len(self._waiters))):
            self._waiters.popleft().notified = True

    def notify_all(self) -> None:
        self.notify(len(self._waiters))

    def __repr__(self) -> str:
        return f"<Condition({self._lock}, {len(self._waiters)})>"
