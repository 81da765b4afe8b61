"""The ``_thread`` module of green threads: CPython's, with every primitive made green.

``module()`` builds a module named ``_thread`` holding everything the interpreter's own
``_thread`` holds; what would block or start an OS thread (locks, thread starts, joins,
identities, ``interrupt_main``, ``stack_size``) is replaced by a green counterpart that
takes the same arguments and raises the same errors. Each green thread runs on its own
suspendable stack (see _scheduler); the worker starts it with ``callPromising``.
"""

import _thread
import signal
import sys
import types
from collections.abc import Callable
from typing import Any

import _pcm_js
from pyodide.ffi import create_proxy

from . import _locks, _scheduler, _trace
from ._mimic import c_type, like, type_name
from ._scheduler import MAIN_IDENT, block, critical, get_ident

_real = _thread


@c_type("_thread._ThreadHandle", base=False)
class ThreadHandle:
    __slots__ = ("__weakref__", "_done", "_ident", "_joiners")

    def __init__(self, ident: int = 0) -> None:
        self._ident = ident
        self._done = False
        self._joiners: list[int] = []

    @property
    def ident(self) -> int:
        return self._ident

    def is_done(self) -> bool:
        return self._done

    def _set_done(self) -> None:
        self._done = True
        _non_daemon.pop(id(self), None)
        for ident in self._joiners:
            _scheduler.gil.wake(ident, "done")
        self._joiners.clear()

    def join(self, timeout: float | None = None) -> None:
        if self._done:
            return
        ident = get_ident()
        if self._ident == ident:
            raise RuntimeError("Cannot join current thread")
        seconds = None if timeout is None or timeout < 0 else float(timeout)
        deadline = None if seconds is None else _trace.now_ms() + seconds * 1000.0
        critical[0] += 1
        try:
            while not self._done:
                left = None if deadline is None else (deadline - _trace.now_ms()) / 1000.0
                if left is not None and left <= 0:
                    return
                self._joiners.append(ident)
                try:
                    block("blocked", "thread to finish (join)", left)
                finally:
                    if ident in self._joiners:
                        self._joiners.remove(ident)
        finally:
            critical[0] -= 1

    def __repr__(self) -> str:
        return f"<_thread._ThreadHandle object: ident={self._ident}>"


@like(getattr(_real, "_make_thread_handle", None), "_thread", "_make_thread_handle")
def make_thread_handle(ident: int) -> ThreadHandle:
    return ThreadHandle(ident)


_next_ident = [MAIN_IDENT + 1]
# Handles of non-daemon threads still running, which _thread._shutdown() waits for.
_non_daemon: dict[int, ThreadHandle] = {}


def _begin_thread() -> None:
    """A new thread starts with a clean slate, as an OS thread does: it reuses whichever
    interpreter thread state ran last, so what that one set is taken back."""
    sys.settrace(None)
    sys.setprofile(None)
    import asyncio.events

    asyncio.events._set_running_loop(None)


def _start(function: Callable[[], object], handle: ThreadHandle, daemon: bool) -> ThreadHandle:
    ident = _next_ident[0]
    _next_ident[0] += 1
    handle._ident = ident
    if not daemon:
        _non_daemon[id(handle)] = handle
    run = _scheduler.run
    run.threads += 1
    run.traced = True
    # threading passes Thread._bootstrap: its owner names the lane before the thread registers.
    owner = getattr(function, "__self__", None)
    if owner is not None:
        import threading

        _scheduler.names[ident] = owner.name
        # Thread.start waits for the new thread to report in, which hands it the GIL at
        # once, as in CPython. That wait must not block an event-loop callback (to_thread
        # starts threads from one), so there the new thread is reported in here instead.
        if isinstance(owner, threading.Thread) and _scheduler.stack_owner() is None:
            owner._ident = owner._native_id = ident
            owner._started.set()
    # The thread queues for the GIL now, so the running thread is asked to hand it over at
    # its next switch interval even if it never lets the browser's event loop turn.
    granted = _scheduler.gil.start(ident)

    def bootstrap() -> None:
        _scheduler.own_stack(ident)
        run.run_started = _trace.now_ms()
        run.suspend(ident, granted)
        try:
            _begin_thread()
            function()
        finally:
            handle._set_done()
            run.threads -= 1
            _scheduler.leave_stack()
            run.note(ident, "run", run.run_started, _trace.now_ms())
            _scheduler.gil.exit(ident)

    _pcm_js.spawn(create_proxy(bootstrap))
    return handle


@like(getattr(_real, "start_joinable_thread", None), "_thread", "start_joinable_thread")
def start_joinable_thread(
    function: Callable[[], object], handle: ThreadHandle | None = None, daemon: bool = True
) -> Any:
    if not callable(function):
        raise TypeError("thread function must be callable")
    if handle is None:
        handle = ThreadHandle()
    elif type(handle) is not ThreadHandle:
        raise TypeError("'handle' must be a _ThreadHandle")
    daemon = bool(daemon)
    sys.audit("_thread.start_joinable_thread", function, daemon, handle)
    critical[0] += 1
    try:
        return _start(function, handle, daemon)
    finally:
        critical[0] -= 1


def _report_unraisable(function: Callable[..., object], error: BaseException) -> None:
    """As CPython reports an exception that ends a thread of start_new_thread: through
    ``sys.unraisablehook`` (whose default prints it)."""
    message = f"Exception ignored in thread started by {function!r}"
    if sys.unraisablehook is not sys.__unraisablehook__ and _unraisable_args is not None:
        try:
            args = _unraisable_args((type(error), error, error.__traceback__, message, None))
        except TypeError:
            args = None
        if args is not None:
            sys.unraisablehook(args)
            return
    import traceback

    sys.stderr.write(f"{message}:\n{''.join(traceback.format_exception(error))}")


def _unraisable_type() -> Any:
    """The type of ``sys.unraisablehook``'s argument (a C struct sequence), caught once."""
    caught: list[Any] = []
    hook = sys.unraisablehook
    sys.unraisablehook = caught.append
    try:

        class Failing:
            def __del__(self) -> None:
                raise RuntimeError

        Failing()
    finally:
        sys.unraisablehook = hook
    return type(caught[0]) if caught else None


_unraisable_args = _unraisable_type()


@like(_real.start_new_thread)
def start_new_thread(*arguments: Any) -> int:
    if not 2 <= len(arguments) <= 3:
        bound = "at least 2" if len(arguments) < 2 else "at most 3"
        raise TypeError(f"start_new_thread expected {bound} arguments, got {len(arguments)}")
    function, args, kwargs = (*arguments, None)[:3]
    if not callable(function):
        raise TypeError("first arg must be callable")
    if not isinstance(args, tuple):
        raise TypeError("2nd arg must be a tuple")
    if kwargs is not None and not isinstance(kwargs, dict):
        raise TypeError("optional 3rd arg must be a dictionary")
    sys.audit("_thread.start_new_thread", function, args, kwargs)

    def run() -> None:
        try:
            function(*args, **(kwargs or {}))
        except SystemExit:
            pass
        except BaseException as error:  # noqa: BLE001 - reported as CPython reports it.
            _report_unraisable(function, error)

    critical[0] += 1
    try:
        return _start(run, ThreadHandle(), True).ident
    finally:
        critical[0] -= 1


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


def _shutdown() -> None:
    """``_thread._shutdown``: waits for every non-daemon thread but the caller."""
    me = get_ident()
    for handle in list(_non_daemon.values()):
        if handle.ident != me:
            handle.join()


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
    _non_daemon.clear()
    _stack_size[0] = 0


def module() -> types.ModuleType:
    """The green ``_thread`` module: the interpreter's, with the green primitives in it."""
    green = types.ModuleType("_thread", _real.__doc__)
    green.__dict__.update({name: value for name, value in vars(_real).items() if name != "__name__"})
    replacements = {
        "LockType": _locks.GreenLock,
        "lock": _locks.GreenLock,
        "allocate_lock": _locks.allocate_lock,
        "allocate": _locks.allocate_lock,
        "RLock": _locks.GreenRLock,
        "start_new_thread": start_new_thread,
        "start_new": start_new_thread,
        "start_joinable_thread": start_joinable_thread,
        "_ThreadHandle": ThreadHandle,
        "_make_thread_handle": make_thread_handle,
        "_shutdown": like(getattr(_real, "_shutdown", None), "_thread", "_shutdown")(_shutdown),
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
