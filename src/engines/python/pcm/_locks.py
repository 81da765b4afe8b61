"""``_thread.lock`` and ``_thread.RLock`` for green threads.

A waiter suspends its stack (releasing the GIL) instead of blocking the worker, so a lock
held by one green thread never freezes the page when another waits for it. Each method is
atomic, as the C ones are: the running thread cannot be switched out inside it (see
``_scheduler.critical``). Arguments are checked by the interpreter's own C lock, so every
error a wrong call raises is CPython's, word for word.
"""

import _thread
import collections
from typing import Any

from . import _scheduler
from ._mimic import alias, c_type, like, type_name
from ._scheduler import critical, get_ident

REAL_LOCK = type(_thread.allocate_lock())
REAL_RLOCK = _thread.RLock

# An interpreter lock that is never contended: it checks acquire()'s arguments.
_probe = _thread.allocate_lock()


def _wait_for(args: tuple[Any, ...], kwargs: dict[str, Any]) -> float | None:
    """How long ``acquire(*args, **kwargs)`` may wait, in seconds: None for ever, 0 not at all.

    Raises what CPython raises for the same arguments (the C lock checks them)."""
    if not args and not kwargs:
        return None
    if _probe.acquire(*args, **kwargs):
        _probe.release()
    blocking = args[0] if args else kwargs.get("blocking", True)
    if not blocking:
        return 0.0
    timeout = float(args[1] if len(args) > 1 else kwargs.get("timeout", -1))
    return None if timeout == -1 else timeout


@c_type("_thread.lock", base=False, doc=REAL_LOCK.__doc__)
class GreenLock:
    __slots__ = ("__weakref__", "_locked", "_waiters")

    def __new__(cls, *args: object, **kwargs: object) -> GreenLock:
        if args or kwargs:
            REAL_LOCK(*args, **kwargs)  # CPython's error for arguments it does not take.
        self = object.__new__(cls)
        self._locked = False
        self._waiters = collections.deque()
        return self

    @like(REAL_LOCK.acquire)
    def acquire(self, *args: Any, **kwargs: Any) -> bool:
        if not self._locked:
            if args or kwargs:
                _wait_for(args, kwargs)
            self._locked = True
            return True
        return self._take(_wait_for(args, kwargs))

    def _take(self, timeout: float | None) -> bool:
        """Takes the lock, waiting up to ``timeout`` seconds (None: for ever)."""
        if not self._locked:
            self._locked = True
            return True
        if timeout == 0:
            return False
        critical[0] += 1
        try:
            return self._wait(timeout)
        finally:
            critical[0] -= 1

    def _wait(self, timeout: float | None) -> bool:
        if not _scheduler.wait_until(lambda: not self._locked, self._waiters, "lock", timeout):
            return False
        self._locked = True
        return True

    @like(REAL_LOCK.release)
    def release(self) -> None:
        if not self._locked:
            raise RuntimeError("release unlocked lock")
        self._locked = False
        critical[0] += 1
        try:
            while self._waiters:
                if _scheduler.gil.wake(self._waiters.popleft(), "released"):
                    return
        finally:
            critical[0] -= 1

    @like(REAL_LOCK.locked)
    def locked(self) -> bool:
        return self._locked

    def _at_fork_reinit(self) -> None:
        self._locked = False
        self._waiters.clear()

    def __enter__(self) -> bool:
        return self._take(None)

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __repr__(self) -> str:
        return f"<{'locked' if self._locked else 'unlocked'} {type_name(self)} object at {id(self):#x}>"


for _alias in ("acquire_lock", "release_lock", "locked_lock"):
    if hasattr(REAL_LOCK, _alias):
        _method = alias(getattr(GreenLock, _alias.removesuffix("_lock")), getattr(REAL_LOCK, _alias))
        _method.__module__ = None  # As the C type's methods, it says no module.
        setattr(GreenLock, _alias, _method)


@like(_thread.allocate_lock)
def allocate_lock() -> GreenLock:
    return GreenLock()


@c_type("_thread.RLock", base=True, doc=REAL_RLOCK.__doc__)
class GreenRLock:
    __slots__ = ("__weakref__", "_block", "_count", "_owner")

    def __new__(cls, *args: object, **kwargs: object) -> GreenRLock:
        if args or kwargs:
            REAL_RLOCK(*args, **kwargs)
        self = object.__new__(cls)
        self._block = GreenLock()
        self._owner = 0
        self._count = 0
        return self

    @like(REAL_RLOCK.acquire)
    def acquire(self, *args: Any, **kwargs: Any) -> bool:
        timeout = _wait_for(args, kwargs)
        me = get_ident()
        if self._count and self._owner == me:
            self._count += 1
            return True
        if not self._block._take(timeout):
            return False
        self._owner = me
        self._count = 1
        return True

    @like(REAL_RLOCK.release)
    def release(self) -> None:
        if not self._count or self._owner != get_ident():
            raise RuntimeError("cannot release un-acquired lock")
        self._count -= 1
        if not self._count:
            self._owner = 0
            self._block.release()

    def locked(self) -> bool:
        return self._count > 0

    def _is_owned(self) -> bool:
        return self._count > 0 and self._owner == get_ident()

    def _recursion_count(self) -> int:
        return self._count if self._owner == get_ident() else 0

    def _release_save(self) -> tuple[int, int]:
        if not self._count:
            raise RuntimeError("cannot release un-acquired lock")
        state = self._count, self._owner
        self._count = self._owner = 0
        self._block.release()
        return state

    def _acquire_restore(self, state: tuple[int, int], /) -> None:
        self._block._take(None)
        self._count, self._owner = state

    def _at_fork_reinit(self) -> None:
        self._block._at_fork_reinit()
        self._count = self._owner = 0

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __repr__(self) -> str:
        state = "locked" if self._count else "unlocked"
        return f"<{state} {type_name(self)} object owner={self._owner} count={self._count} at {id(self):#x}>"


for _name in ("locked", "_recursion_count"):
    if not hasattr(REAL_RLOCK, _name):
        delattr(GreenRLock, _name)
