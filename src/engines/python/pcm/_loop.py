"""The page's asyncio event loop (Pyodide's WebLoop), as the reader's program sees it.

- Every step of the reader's tasks and every ``asyncio.sleep`` is recorded in the trace.
- The loop shares the GIL with green threads: while ``asyncio.run`` waits, the main thread
  is parked as if in ``select()``, threads run, and a due loop callback counts as a thread
  waiting for the GIL.
- ``run_in_executor`` submits to an executor as CPython's loop does (a real green thread
  pool by default, ``_default_executor``); Pyodide's loop ran the function on the spot.
- Stop reaches a main thread waiting in ``asyncio.run``: its task is cancelled and
  ``asyncio.run`` raises KeyboardInterrupt, as ``asyncio.Runner`` does on Ctrl-C.
"""

import asyncio
import concurrent.futures
import weakref
from collections.abc import Callable
from typing import Any

import _pcm_js
from pyodide.webloop import WebLoop

from . import _scheduler, _trace
from ._scheduler import MAIN_IDENT, gil, is_internal_task

# The scheduler's id for each pending callback of the reader's event loop (Handle has slots).
_due_callbacks: dict[asyncio.Handle, int] = {}
# Loops that made a default executor this run.
_with_executor: weakref.WeakSet[WebLoop] = weakref.WeakSet()


def _is_internal(callback: Callable[..., Any]) -> bool:
    """Whether an event-loop callback is a step of run_sync's helper task."""
    owner = getattr(callback, "__self__", None)
    return owner is not None and is_internal_task(owner)


def current_lane() -> str:
    """The timeline lane of the running code: its asyncio task, or the main thread."""
    try:
        task = asyncio.current_task()
    except RuntimeError:
        task = None
    return task.get_name() if task is not None else "MainThread"


def _keyboard_interrupt_in_callback() -> None:
    """KeyboardInterrupt raised in a task step or callback (it ran when Stop arrived) has
    ended that task; the main thread must still hear of it, wherever it waits."""
    _scheduler.interrupt_main()


def default_executors() -> list[concurrent.futures.Executor]:
    """The loops' default executors, which interpreter exit shuts down."""
    return [loop._default_executor for loop in _with_executor if loop._default_executor is not None]


def begin_run() -> None:
    """A new program: no pending callbacks, and a fresh default executor when one is needed."""
    _due_callbacks.clear()
    for loop in _with_executor:
        loop._default_executor = None
    _with_executor.clear()


def install() -> None:
    """Patches WebLoop and asyncio (third of the package's patches, after the thread layer)."""
    run_until_complete = WebLoop.run_until_complete
    call_later = WebLoop.call_later
    cancel = asyncio.Handle.cancel
    handle_run = asyncio.Handle._run
    sleep = asyncio.sleep

    def parked_run_until_complete(self: WebLoop, future: Any) -> Any:
        self._keyboard_interrupt_handler = _keyboard_interrupt_in_callback
        task = asyncio.ensure_future(future, loop=self)
        _scheduler.loop_waits.append(task)
        # While asyncio.run waits, the main thread is in the loop's select(): GIL released.
        gil.parkLoop()
        try:
            return run_until_complete(self, task)
        except asyncio.CancelledError:
            if _pcm_js.take_interrupt():
                raise KeyboardInterrupt from None
            raise
        finally:
            _scheduler.loop_waits.remove(task)
            gil.unparkLoop()
            _scheduler.run.suspend(MAIN_IDENT, _scheduler.waits.acquire(MAIN_IDENT))

    def announced_call_later(
        self: WebLoop, delay: float, callback: Callable[..., Any], *args: Any, context: Any = None
    ) -> asyncio.Handle:
        handle = call_later(self, delay, callback, *args, context=context)
        if not _is_internal(callback):
            _due_callbacks[handle] = gil.loopCallback(delay * 1000.0)
        return handle

    def announced_cancel(self: asyncio.Handle) -> None:
        due = _due_callbacks.pop(self, None)
        if due is not None:
            gil.loopDone(due)
        return cancel(self)

    def traced_run(self: asyncio.Handle) -> Any:
        # Steps of run_sync's helper tasks are the machinery of threads, not the reader's tasks.
        owner = getattr(self._callback, "__self__", None)
        task = owner if isinstance(owner, asyncio.Task) and not _is_internal(self._callback) else None
        due = _due_callbacks.pop(self, None)
        if due is not None:
            gil.loopDone(due)
            gil.enterLoop()
        start = _trace.now_ms()
        try:
            return handle_run(self)
        finally:
            if task is not None:
                _trace.record(task.get_name(), "run", start, _trace.now_ms())
            if due is not None:
                gil.leaveLoop()

    def run_in_executor(
        self: WebLoop, executor: concurrent.futures.Executor | None, func: Callable[..., Any], *args: Any
    ) -> asyncio.Future:
        # As CPython's BaseEventLoop.run_in_executor; Pyodide's loop called func on the spot.
        if executor is None:
            executor = getattr(self, "_default_executor", None)
            if executor is None:
                executor = concurrent.futures.ThreadPoolExecutor(thread_name_prefix="asyncio")
                self._default_executor = executor
                _with_executor.add(self)
        return asyncio.wrap_future(executor.submit(func, *args), loop=self)

    def set_default_executor(self: WebLoop, executor: concurrent.futures.Executor) -> None:
        if not isinstance(executor, concurrent.futures.ThreadPoolExecutor):
            raise TypeError("executor must be ThreadPoolExecutor")
        self._default_executor = executor
        _with_executor.add(self)

    async def traced_sleep(delay: float, result: Any = None) -> Any:
        lane = current_lane()
        start = _trace.now_ms()
        try:
            return await sleep(delay, result)
        finally:
            _trace.record(lane, "sleep", start, _trace.now_ms(), "asyncio.sleep")

    traced_sleep.__qualname__ = traced_sleep.__name__ = "sleep"
    traced_sleep.__module__ = "asyncio.tasks"
    traced_sleep.__doc__ = sleep.__doc__

    WebLoop.run_until_complete = parked_run_until_complete
    WebLoop.call_later = announced_call_later
    WebLoop.run_in_executor = run_in_executor
    WebLoop.set_default_executor = set_default_executor
    asyncio.Handle.cancel = announced_cancel
    asyncio.Handle._run = traced_run
    asyncio.sleep = traced_sleep
    asyncio.tasks.sleep = traced_sleep
