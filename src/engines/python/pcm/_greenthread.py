"""The ``_thread`` module of green threads: CPython's, with every primitive made green.

``module()`` builds a module named ``_thread`` holding everything the interpreter's own
``_thread`` holds; what would block or start an OS thread is replaced by a green
counterpart that takes the same arguments and raises the same errors: locks (_locks),
thread starts and joins (_threadstart), and here identities, ``interrupt_main``,
``stack_size``, ``_count`` and thread-local data.
"""

import _thread
import signal
import sys
import types

from . import _locks, _scheduler, _threadstart
from ._mimic import alias, c_type, like, type_name
from ._scheduler import MAIN_IDENT, get_ident

_real = _thread


@like(_real.get_native_id if hasattr(_real, "get_native_id") else None, "_thread", "get_native_id")
def get_native_id() -> int:
    return get_ident()


@like(_real._count)
def _count() -> int:
    return _scheduler.run.threads


_stack_size = [0]


@like(_real.stack_size)
def stack_size(size: int = 0, /) -> int:
    size = size.__index__() if not isinstance(size, int) else size
    if size < 0:
        raise ValueError("size must be 0 or a positive value")
    if 0 < size < 32768:
        raise ValueError(f"size not valid: {size} bytes")
    old, _stack_size[0] = _stack_size[0], size
    return old


@like(_real.interrupt_main)
def interrupt_main(signum: int = signal.SIGINT, /) -> None:
    if not 1 <= signum < signal.NSIG:
        raise ValueError("signal number out of range")
    handler = signal.getsignal(signum)
    if handler in (signal.SIG_IGN, signal.SIG_DFL, None):
        return
    if get_ident() != MAIN_IDENT and handler in (_scheduler.on_sigint, signal.default_int_handler):
        # The main thread raises KeyboardInterrupt in whatever it waits for (or where it
        # is switched back in).
        _scheduler.interrupt_main()
    else:
        # In the main thread the handler runs at once, as CPython runs it at the next
        # instruction. A handler of the program's own runs in the calling thread (in
        # CPython, in the main thread once it next runs).
        handler(signum, sys._getframe(1))


@like(_real.get_ident)
def green_get_ident() -> int:
    return get_ident()


def _main_thread_ident() -> int:
    return MAIN_IDENT


def _local_type() -> type:
    import _threading_local

    @c_type("_thread._local", base=True, doc=_real._local.__doc__)
    class Local(_threading_local.local):
        __slots__ = ()

        def __setattr__(self, name: str, value: object) -> None:
            if name == "__dict__":
                raise AttributeError(f"{type_name(self)!r} object attribute '__dict__' is read-only")
            super().__setattr__(name, value)

        def __delattr__(self, name: str) -> None:
            if name == "__dict__":
                raise AttributeError(f"{type_name(self)!r} object attribute '__dict__' is read-only")
            super().__delattr__(name)

    return Local


def reset() -> None:
    """A new program: no threads, the default stack size."""
    _threadstart.reset()
    _stack_size[0] = 0


def module() -> types.ModuleType:
    """The green ``_thread`` module: the interpreter's, with the green primitives in it."""
    green = types.ModuleType("_thread", _real.__doc__)
    green.__dict__.update({name: value for name, value in vars(_real).items() if name != "__name__"})
    replacements = {
        "LockType": _locks.GreenLock,
        "lock": _locks.GreenLock,
        "allocate_lock": _locks.allocate_lock,
        "allocate": alias(_locks.allocate_lock, getattr(_real, "allocate", None)),
        "RLock": _locks.GreenRLock,
        "start_new_thread": _threadstart.start_new_thread,
        "start_new": alias(_threadstart.start_new_thread, getattr(_real, "start_new", None)),
        "start_joinable_thread": _threadstart.start_joinable_thread,
        "_ThreadHandle": _threadstart.ThreadHandle,
        "_make_thread_handle": _threadstart.make_thread_handle,
        "_shutdown": like(getattr(_real, "_shutdown", None), "_thread", "_shutdown")(_threadstart.shutdown),
        "_get_main_thread_ident": like(getattr(_real, "_get_main_thread_ident", None), "_thread")(_main_thread_ident),
        "get_ident": green_get_ident,
        "get_native_id": get_native_id,
        "_count": _count,
        "stack_size": stack_size,
        "interrupt_main": interrupt_main,
        "_local": _local_type(),
    }
    for name, value in replacements.items():
        if hasattr(_real, name) or name == "get_native_id":
            setattr(green, name, value)
    return green
