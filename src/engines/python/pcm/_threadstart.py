"""Starting, identifying and joining green threads: ``_thread``'s thread functions.

Each green thread runs on its own suspendable stack: the worker starts its bootstrap with
``callPromising`` (``_pcm_js.spawn``), and the thread waits for the GIL before it runs.
``ThreadHandle`` is ``_thread._ThreadHandle``, through which ``threading`` joins threads.
"""

import _thread
import sys
from collections.abc import Callable
from typing import Any

import _pcm_js
from pyodide.ffi import create_proxy

from . import _scheduler, _trace
from ._mimic import c_type, like
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


def _forget_dummy(ident: int) -> None:
    """A thread of ``start_new_thread`` that asked for ``current_thread()`` has a dummy
    Thread, which CPython drops when the OS thread ends; so does the site."""
    import threading

    if isinstance(threading._active.get(ident), threading._DummyThread):
        with threading._active_limbo_lock:
            threading._active.pop(ident, None)


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
    granted = _scheduler.waits.start(ident)

    def bootstrap() -> None:
        _scheduler.own_stack(ident)
        run.run_started = _trace.now_ms()
        run.suspend(ident, granted)
        try:
            _begin_thread()
            function()
        finally:
            _forget_dummy(ident)
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


def shutdown() -> None:
    """``_thread._shutdown``: waits for every non-daemon thread but the caller."""
    me = get_ident()
    for handle in list(_non_daemon.values()):
        if handle.ident != me:
            handle.join()


def reset() -> None:
    """A new program: no threads."""
    _non_daemon.clear()
