"""asyncio's event loops with CPython's life cycle, on Pyodide's WebLoop.

Pyodide's WebLoop runs its callbacks on the browser's event loop and treats itself as
always running and never closed, and Pyodide replaces ``asyncio.run`` with a shortcut that
does not check for a running loop. Here every WebLoop is a loop as CPython's are:

- it runs only inside ``run_until_complete``/``run_forever`` (the thread that runs it
  waits meanwhile, releasing the GIL) or in its own callbacks; ``stop``, ``close``,
  ``is_running``, ``is_closed`` and the default executor behave as ``BaseEventLoop``'s
  (whose methods are used where they fit as they are);
- ``asyncio.run`` and ``asyncio.Runner`` are CPython's own again: nested runs raise, and a
  thread that runs a loop has a loop of its own (the event loop policy keeps one per thread);
- a new loop does not make itself the running loop, and a program's main thread and each
  new thread start with no running loop, as in CPython.
"""

import asyncio
import asyncio.base_events
import asyncio.events
import asyncio.futures
import asyncio.tasks
import weakref
from collections.abc import Callable
from typing import Any

import _pcm_js
from pyodide.webloop import WebLoop, WebLoopPolicy

from . import _loop, _scheduler
from ._mimic import like
from ._scheduler import MAIN_IDENT, block, critical, get_ident

_base = asyncio.base_events.BaseEventLoop
# Every loop made since the package was installed (their default executors end with a run).
_loops: weakref.WeakSet[WebLoop] = weakref.WeakSet()


def _wait_in_thread(loop: WebLoop, waiter: asyncio.Future) -> None:
    """A thread other than the main one runs its loop: it waits, releasing the GIL, while
    the loop's callbacks run; it checks now and then, so nothing counts as a deadlock."""
    ident = get_ident()
    waiter.add_done_callback(lambda _: _scheduler.gil.wake(ident, "done"))
    critical[0] += 1
    try:
        while not waiter.done():
            block("io", "asyncio event loop", 0.05)
    finally:
        critical[0] -= 1


def _run(loop: WebLoop, future: asyncio.Future, waiter: asyncio.Future) -> None:
    """Runs ``loop`` in the calling thread until ``waiter`` is done."""
    ident = get_ident()
    loop._thread_id = ident
    loop._pcm_waiter = waiter
    try:
        if ident == MAIN_IDENT and _scheduler.stack_owner() == MAIN_IDENT:
            _loop.park(loop, future, waiter)
        else:
            _wait_in_thread(loop, waiter)
    finally:
        loop._thread_id = None
        loop._pcm_waiter = None
        loop._stopping = False
    if ident == MAIN_IDENT and future.cancelled() and _pcm_js.take_interrupt():
        raise KeyboardInterrupt


def run_until_complete(self: WebLoop, future: Any) -> Any:
    self._check_closed()
    self._check_running()
    new_task = not asyncio.futures.isfuture(future)
    future = asyncio.tasks.ensure_future(future, loop=self)
    waiter = self.create_future()

    def done(_: object) -> None:
        if not waiter.done():
            waiter.set_result(None)

    future.add_done_callback(done)
    try:
        _run(self, future, waiter)
    except BaseException:
        if new_task and future.done() and not future.cancelled():
            future.exception()  # The exception is the caller's now: not "never retrieved".
        raise
    finally:
        future.remove_done_callback(done)
    if not future.done():
        raise RuntimeError("Event loop stopped before Future completed.")
    return future.result()


def run_forever(self: WebLoop) -> None:
    self._check_closed()
    self._check_running()
    waiter = self.create_future()
    _run(self, waiter, waiter)


def stop(self: WebLoop) -> None:
    self._stopping = True
    waiter = self._pcm_waiter
    if waiter is not None and not waiter.done():
        waiter.set_result(None)


def is_running(self: WebLoop) -> bool:
    return self._thread_id is not None or asyncio.events._get_running_loop() is self


def is_closed(self: WebLoop) -> bool:
    return self._closed


def _check_closed(self: WebLoop) -> None:
    if self._closed:
        raise RuntimeError("Event loop is closed")


def close(self: WebLoop) -> None:
    if self.is_running():
        raise RuntimeError("Cannot close a running event loop")
    if self._closed:
        return
    self._closed = True
    # CPython drops the callbacks a closed loop still had; here each is a browser timer.
    for handle in list(self._pcm_handles or ()):
        handle.cancel()
    self._executor_shutdown_called = True
    executor = self._default_executor
    if executor is not None:
        self._default_executor = None
        executor.shutdown(wait=False)


def _methods() -> dict[str, Callable[..., Any]]:
    own = {
        "run_until_complete": run_until_complete,
        "run_forever": run_forever,
        "stop": stop,
        "is_running": is_running,
        "is_closed": is_closed,
        "close": close,
        "_check_closed": _check_closed,
    }
    for name, function in own.items():
        # Each takes the name and signature of the WebLoop method it replaces, and
        # BaseEventLoop's doc.
        like(getattr(WebLoop, name), WebLoop.__module__, f"WebLoop.{name}")(function)
        function.__doc__ = getattr(_base, name).__doc__
    grafted = {
        name: getattr(_base, name)
        for name in (
            "run_in_executor",
            "set_default_executor",
            "shutdown_default_executor",
            "_do_shutdown",
            "_check_default_executor",
            "_check_running",
            "_check_callback",
            "__repr__",
        )
    }
    return own | grafted


def _policy() -> None:
    """The policy keeps a loop per thread (``set_event_loop``), as CPython's does, and makes
    new loops without making them current; the page's own loop is what Pyodide's machinery
    falls back on, so it is never left closed."""

    def get_event_loop(self: WebLoopPolicy) -> WebLoop:
        # Pyodide's run_sync makes a task on this loop for every wait of a green thread,
        # so a closed loop is never the answer (CPython would return it).
        loop = self._pcm_loops.get(get_ident())
        if loop is not None and not loop.is_closed():
            return loop
        if self._default_loop is None or self._default_loop.is_closed():
            self._default_loop = WebLoop()
        return self._default_loop

    def set_event_loop(self: WebLoopPolicy, loop: Any) -> None:
        if loop is None:
            self._pcm_loops.pop(get_ident(), None)
        else:
            self._pcm_loops[get_ident()] = loop

    def new_event_loop(self: WebLoopPolicy) -> WebLoop:
        return WebLoop()

    for function in (get_event_loop, set_event_loop, new_event_loop):
        name = function.__name__
        setattr(WebLoopPolicy, name, like(getattr(WebLoopPolicy, name))(function))
    WebLoopPolicy._pcm_loops = {}


def _tracked_call_later(call_later: Callable[..., asyncio.Handle]) -> Callable[..., asyncio.Handle]:
    def tracked_call_later(
        self: WebLoop, delay: float, callback: Callable[..., Any], *args: Any, context: Any = None
    ) -> asyncio.Handle:
        self._check_closed()
        handle = call_later(self, delay, callback, *args, context=context)
        if self._pcm_handles is None:
            self._pcm_handles = weakref.WeakSet()
        self._pcm_handles.add(handle)
        return handle

    return like(call_later)(tracked_call_later)


def install() -> None:
    """CPython's loop life cycle for WebLoop, ``asyncio.run`` and the policy (with _loop,
    third of the package's patches)."""
    init = WebLoop.__init__

    def __init__(self: WebLoop) -> None:
        running = asyncio.events._get_running_loop()
        init(self)
        # WebLoop makes itself the running loop; a new loop in CPython is not running.
        asyncio.events._set_running_loop(running)
        _loops.add(self)

    WebLoop.__init__ = like(init)(__init__)
    defaults = {
        "_closed": False,
        "_thread_id": None,
        "_stopping": False,
        "_default_executor": None,
        "_executor_shutdown_called": False,
        "_pcm_waiter": None,
        "_pcm_handles": None,
        "slow_callback_duration": 0.1,
    }
    for name, value in defaults.items():
        setattr(WebLoop, name, value)
    for name, method in _methods().items():
        setattr(WebLoop, name, method)
    WebLoop.call_later = _tracked_call_later(WebLoop.call_later)
    _policy()
    page_loop = asyncio.events._get_event_loop_policy()._default_loop
    if page_loop is not None:
        _loops.add(page_loop)
    # Pyodide's shortcut ran the coroutine on the page's loop even inside a running loop.
    asyncio.run = asyncio.runners.run


def begin_run() -> None:
    """A new program: its main thread has no running loop and no current loop, and the
    loops of the last run leave their executors behind."""
    asyncio.events._set_running_loop(None)
    WebLoopPolicy._pcm_loops.clear()
    for loop in list(_loops):
        loop._default_executor = None
        loop._executor_shutdown_called = False


def default_executors() -> list[Any]:
    """The loops' default executors, which interpreter exit shuts down."""
    return [loop._default_executor for loop in list(_loops) if loop._default_executor is not None]


def run_top_level(coroutine: Any) -> Any:
    """Runs a program's top-level ``await`` on the page's loop, as if in ``asyncio.run``."""
    loop = asyncio.events._get_event_loop_policy().get_event_loop()
    if getattr(loop, "_thread_id", None) is not None or loop.is_closed():
        loop = WebLoop()
    return loop.run_until_complete(coroutine)
