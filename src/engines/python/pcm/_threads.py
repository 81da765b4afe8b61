"""Green threads: the ``_thread`` primitives that ``threading`` is built on.

Pyodide cannot start OS threads, so each ``threading.Thread`` here runs on its own
suspendable WebAssembly stack (JavaScript Promise Integration): the worker starts the
thread's bootstrap with ``callPromising``, and a thread that must wait suspends its whole
stack (see _scheduler). Blocking calls (sleep, lock waits, join) release the GIL; a thread
that computes is asked to drop it every switch interval (_preempt).

``install()`` points the already-imported ``threading`` module at these primitives; the
standard library's own ``threading``, ``queue`` and ``concurrent.futures`` then run
unchanged on top of them.
"""

import _thread
import collections
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

import _pcm_js
from pyodide.ffi import create_proxy

from . import _scheduler, _trace
from ._constants import DEFAULT_SWITCH_INTERVAL_S
from ._scheduler import MAIN_IDENT, block, critical, get_ident

_real_lock_type = type(_thread.allocate_lock())
_real_rlock_type = _thread.RLock


def get_native_id() -> int:
    """``threading.get_native_id()``: green threads have their own ids."""
    return get_ident()


class LockType:
    """A lock whose waiters suspend (releasing the GIL) instead of blocking the worker."""

    def __init__(self) -> None:
        self._locked = False
        self._waiters: collections.deque[int] = collections.deque()

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        if not self._locked:
            self._locked = True
            return True
        if not blocking:
            return False
        critical[0] += 1
        try:
            return self._wait(timeout)
        finally:
            critical[0] -= 1

    def _wait(self, timeout: float | None) -> bool:
        ident = get_ident()
        deadline = None if timeout is None or timeout < 0 else _trace.now_ms() + timeout * 1000.0
        while True:
            self._waiters.append(ident)
            left = None if deadline is None else max(0.0, deadline - _trace.now_ms()) / 1000.0
            try:
                reason = block("blocked", "lock", left)
            finally:
                if ident in self._waiters:
                    self._waiters.remove(ident)
            # As in CPython, a woken waiter competes for the lock again: the thread that
            # released it may well have taken it back meanwhile (no hand-over, no convoy).
            if not self._locked:
                self._locked = True
                return True
            if reason == "timeout" and deadline is not None and _trace.now_ms() >= deadline:
                return False

    acquire_lock = acquire

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

    release_lock = release

    def locked(self) -> bool:
        return self._locked

    locked_lock = locked

    def _at_fork_reinit(self) -> None:
        self._locked = False
        self._waiters.clear()

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __repr__(self) -> str:
        return f"<{'locked' if self._locked else 'unlocked'} green lock object at {id(self):#x}>"


def allocate_lock() -> LockType:
    """``_thread.allocate_lock()``: a new green lock."""
    return LockType()


class _ThreadHandle:
    def __init__(self, ident: int | None = None) -> None:
        self.ident = ident
        self._done = False
        self._joiners: list[int] = []

    def is_done(self) -> bool:
        return self._done

    def _set_done(self) -> None:
        self._done = True
        for ident in self._joiners:
            _scheduler.gil.wake(ident, "done")
        self._joiners.clear()

    def join(self, timeout: float | None = None) -> None:
        if self._done:
            return
        if self.ident == get_ident():
            raise RuntimeError("Cannot join current thread")
        ident = get_ident()
        critical[0] += 1
        try:
            self._joiners.append(ident)
            block("blocked", "thread to finish (join)", timeout)
        finally:
            if ident in self._joiners:
                self._joiners.remove(ident)
            critical[0] -= 1


_next_ident = [MAIN_IDENT + 1]


def start_joinable_thread(
    function: Callable[[], object], handle: _ThreadHandle | None = None, daemon: bool = True
) -> _ThreadHandle:
    """``_thread.start_joinable_thread``: runs ``function`` on a new green thread."""
    critical[0] += 1
    try:
        return _start(function, handle)
    finally:
        critical[0] -= 1


def _start(function: Callable[[], object], handle: _ThreadHandle | None) -> _ThreadHandle:
    if handle is None:
        handle = _ThreadHandle()
    ident = _next_ident[0]
    _next_ident[0] += 1
    handle.ident = ident
    run = _scheduler.run
    run.threads += 1
    run.traced = True
    # threading passes Thread._bootstrap: its owner names the lane before the thread registers.
    owner = getattr(function, "__self__", None)
    if owner is not None:
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
            function()
        finally:
            handle._set_done()
            run.threads -= 1
            _scheduler.leave_stack()
            run.note(ident, "run", run.run_started, _trace.now_ms())
            _scheduler.gil.exit(ident)

    _pcm_js.spawn(create_proxy(bootstrap))
    return handle


def _make_thread_handle(ident: int) -> _ThreadHandle:
    return _ThreadHandle(ident)


def sleep(seconds: float) -> None:
    """``time.sleep`` while threads run: the GIL is released for the whole sleep."""
    seconds = float(seconds)
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    critical[0] += 1
    try:
        block("sleep", "time.sleep", seconds)
    finally:
        critical[0] -= 1


_real_setswitchinterval = sys.setswitchinterval


def setswitchinterval(interval: float) -> None:
    """``sys.setswitchinterval``: as in CPython, and the page's switch ticker follows it."""
    _real_setswitchinterval(interval)
    _pcm_js.set_switch_interval(sys.getswitchinterval())


def _make_module_locks_green() -> None:
    """Locks that modules made before this layer was installed become green.

    Pyodide imports asyncio and threading as it starts, and the interpreter image holds more
    modules; their module-level locks are the interpreter's own, which can never be waited
    for here (a green thread waiting on one would freeze the page). Each becomes a green
    lock (or RLock) of the same state, and queue's SimpleQueue the pure-Python one that
    waits through green locks.
    """
    for module in list(sys.modules.values()):
        namespace = getattr(module, "__dict__", None)
        if not isinstance(namespace, dict) or getattr(module, "__name__", "").startswith(__package__):
            continue
        for name, value in list(namespace.items()):
            if type(value) is _real_lock_type and not value.locked():
                namespace[name] = LockType()
            elif type(value) is _real_rlock_type and not value._is_owned():
                namespace[name] = threading._PyRLock()
    queue = sys.modules.get("queue")
    if queue is not None:
        queue.SimpleQueue = queue._PySimpleQueue


def install() -> None:
    """Points the threading module at the green primitives (first of the package's patches)."""
    import _threading_local

    _scheduler.install()
    sys.modules["_queue"] = None  # queue falls back to its pure-Python SimpleQueue.
    patches: dict[str, Any] = {
        "_start_joinable_thread": start_joinable_thread,
        "_allocate_lock": allocate_lock,
        "_LockType": LockType,
        "Lock": LockType,
        "_CRLock": None,
        "_make_thread_handle": _make_thread_handle,
        "_ThreadHandle": _ThreadHandle,
        "get_ident": get_ident,
        "get_native_id": get_native_id,
        "local": _threading_local.local,
    }
    for name, value in patches.items():
        setattr(threading, name, value)
    threading._active_limbo_lock = threading._PyRLock()
    _make_module_locks_green()
    # Pyodide has no native thread ids, so threading left out native_id; green threads have them.
    threading._HAVE_THREAD_NATIVE_ID = True
    threading.Thread._set_native_id = lambda self: setattr(self, "_native_id", get_native_id())
    threading.Thread.native_id = property(lambda self: getattr(self, "_native_id", None))
    threading.main_thread()._native_id = MAIN_IDENT
    sys.setswitchinterval = setswitchinterval
    signal.signal(signal.SIGINT, _scheduler.on_sigint)


def begin_run() -> None:
    """A new program: only the main thread, the default switch interval."""
    _scheduler.new_run()
    setswitchinterval(DEFAULT_SWITCH_INTERVAL_S)


def threads_alive() -> bool:
    """Whether threads other than the main thread are running."""
    return _scheduler.run.threads > 0


def join_threads(executors: list[Any]) -> None:
    """Waits for non-daemon threads, as interpreter exit does (``threading._shutdown``).

    As at exit, idle executor workers are told to finish first (``executors``, the event
    loop's default ones, and those concurrent.futures registered with
    ``threading._register_atexit``); otherwise they would wait forever.
    """
    if _scheduler.run.traced:
        for executor in executors:
            executor.shutdown(wait=False)
        for callback in reversed(threading._threading_atexits):
            callback()
    for thread in list(threading.enumerate()):
        if thread is not threading.main_thread() and not thread.daemon:
            thread.join()


def run_stats() -> dict[str, Any]:
    """The run's thread statistics for the page (empty if it started no thread); records
    the main thread's last slice."""
    run = _scheduler.run
    if not run.traced:
        return {}
    run.note(MAIN_IDENT, "run", run.run_started, _trace.now_ms())
    return {
        # Daemon threads still alive: in CPython they die with the process.
        "leftover": run.threads,
        "switches": _scheduler.gil.switches,
        "longest_gil_wait_ms": round(run.longest_wait, 2),
        "lanes": sorted(run.lanes),
    }
