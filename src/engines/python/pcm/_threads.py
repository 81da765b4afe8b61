"""Green threads behind ``_thread`` and ``threading``.

Pyodide cannot start OS threads, so each ``threading.Thread`` here runs on its own
suspendable WebAssembly stack (JavaScript Promise Integration): the worker starts the
thread's bootstrap with ``callPromising``, and a thread that must wait suspends its whole
stack (see _scheduler). Blocking calls (sleep, lock waits, join, queues) release the GIL;
a thread that computes is asked to drop it every switch interval (_preempt).

``install()`` puts the green ``_thread`` (_greenthread, _locks) and ``_queue``
(_simplequeue) modules in the interpreter's place and points everything already imported
at them (_sweep); the standard library's own ``threading``, ``queue`` and
``concurrent.futures`` then run unchanged on top of them.
"""

import signal
import sys
import threading
from typing import Any

import _pcm_js
from pyodide.ffi import run_sync

from . import _greenthread, _scheduler, _simplequeue, _sweep, _threadstart, _trace, _tracing
from ._constants import DEFAULT_SWITCH_INTERVAL_S, WAIT_SLICE_MS
from ._mimic import like
from ._scheduler import MAIN_IDENT, block, critical, get_ident


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


@like(sys.setswitchinterval)
def setswitchinterval(interval: float, /) -> None:
    """``sys.setswitchinterval``: as in CPython, and the page's switch ticker follows it."""
    _real_setswitchinterval(interval)
    _pcm_js.set_switch_interval(sys.getswitchinterval())


def _native_id_api() -> None:
    """Pyodide has no native thread ids, so its threading left out ``native_id``; green
    threads have them, and threading gets the API it has on Linux."""
    threading._HAVE_THREAD_NATIVE_ID = True
    threading.get_native_id = _greenthread.get_native_id
    if "get_native_id" not in threading.__all__:
        threading.__all__.append("get_native_id")

    def _set_native_id(self: threading.Thread) -> None:
        self._native_id = _greenthread.get_native_id()

    def native_id(self: threading.Thread) -> int | None:
        """The thread's native id (here its green id), or None before it has started."""
        return self._native_id

    for function in (_set_native_id, native_id):
        function.__module__ = "threading"
        function.__qualname__ = f"Thread.{function.__name__}"
    threading.Thread._set_native_id = _set_native_id
    threading.Thread.native_id = property(native_id)


def install() -> None:
    """Puts the green ``_thread`` and ``_queue`` in place (first of the package's patches)."""
    _scheduler.install()
    green_thread, green_queue = _greenthread.module(), _simplequeue.module()
    sys.modules["_thread"] = green_thread
    sys.modules["_queue"] = green_queue
    _sweep.make_green(green_thread, green_queue, skip=__package__)
    main = threading._main_thread
    main._os_thread_handle = green_thread._make_thread_handle(MAIN_IDENT)
    _native_id_api()
    main._native_id = MAIN_IDENT
    sys.setswitchinterval = setswitchinterval
    signal.signal(signal.SIGINT, _scheduler.on_sigint)
    _tracing.install()


def wait_released(promise: Any, label: str) -> Any:
    """Waits for a JavaScript promise (a process's answer) as a blocking call does: with
    other threads alive, the GIL is theirs meanwhile; returns what the promise settles to."""
    if not threads_alive():
        return run_sync(promise)
    ident = get_ident()
    box = _pcm_js.release_while(ident, _scheduler.lane(ident), label, promise, WAIT_SLICE_MS * 2)
    critical[0] += 1
    try:
        _scheduler.run.suspend(ident, box.granted, "blocked", label)
    finally:
        critical[0] -= 1
    return box.value if box.settled else run_sync(promise)


def begin_run() -> None:
    """A new program: only the main thread, the default switch interval, Stop as SIGINT."""
    _scheduler.new_run()
    _greenthread.reset()
    threading._main_thread._os_thread_handle = _threadstart.make_thread_handle(MAIN_IDENT)
    setswitchinterval(DEFAULT_SWITCH_INTERVAL_S)
    signal.signal(signal.SIGINT, _scheduler.on_sigint)


def threads_alive() -> bool:
    """Whether threads other than the main thread are running."""
    return _scheduler.run.threads > 0


def join_threads(executors: list[Any]) -> None:
    """Waits for non-daemon threads, as interpreter exit does (``threading._shutdown``).

    As at exit, idle executor workers are told to finish first (``executors``, the event
    loop's default ones, and those concurrent.futures registered with
    ``threading._register_atexit``); otherwise they would wait forever.
    """
    # As threading._shutdown does, the main thread counts as finished now: a thread that
    # joins it returns.
    threading._main_thread._os_thread_handle._set_done()
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
