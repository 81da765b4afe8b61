"""The page's asyncio event loop (Pyodide's WebLoop), as the reader's program sees it.

- Every step of the reader's tasks and every ``asyncio.sleep`` is recorded in the trace.
- The loop shares the GIL with green threads: while ``asyncio.run`` waits, the main thread
  is parked as if in ``select()``, threads run, and a due loop callback counts as a thread
  waiting for the GIL.
- Stop reaches a main thread waiting in ``asyncio.run``: its task is cancelled and
  ``asyncio.run`` raises KeyboardInterrupt, as ``asyncio.Runner`` does on Ctrl-C (``park``).

The loops' life cycle (running, stopping, closing, executors) is CPython's: see _lifecycle.
"""

import asyncio
from collections.abc import Callable
from typing import Any

from pyodide.ffi import run_sync
from pyodide.webloop import WebLoop

from . import _scheduler, _trace
from ._mimic import like
from ._scheduler import MAIN_IDENT, is_internal_task

# The scheduler's id for each pending callback of the reader's event loop (Handle has slots).
_due_callbacks: dict[asyncio.Handle, int] = {}


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


def begin_run() -> None:
    """A new program: no pending callbacks."""
    _due_callbacks.clear()


def park(loop: WebLoop, task: asyncio.Future, waiter: asyncio.Future) -> None:
    """The main thread runs ``loop`` until ``waiter`` is done (see _lifecycle): it is parked
    as if in the loop's select(), with the GIL released for threads and due callbacks.

    Stop cancels ``task`` (what the program waits for), which ends the wait; the caller
    then raises KeyboardInterrupt, as ``asyncio.Runner`` does on Ctrl-C.
    """
    loop._keyboard_interrupt_handler = _keyboard_interrupt_in_callback
    _scheduler.loop_waits.append(task)
    _scheduler.gil.parkLoop()
    try:
        loop._install_asyncgen_hooks()
        run_sync(waiter)
    finally:
        _scheduler.loop_waits.remove(task)
        _scheduler.gil.unparkLoop()
        _scheduler.run.suspend(MAIN_IDENT, _scheduler.waits.acquire(MAIN_IDENT))


def install() -> None:
    """Patches WebLoop and asyncio (third of the package's patches, after the thread layer)."""
    call_later = WebLoop.call_later
    cancel = asyncio.Handle.cancel
    handle_run = asyncio.Handle._run
    sleep = asyncio.sleep

    def announced_call_later(
        self: WebLoop, delay: float, callback: Callable[..., Any], *args: Any, context: Any = None
    ) -> asyncio.Handle:
        handle = call_later(self, delay, callback, *args, context=context)
        if not _is_internal(callback):
            _due_callbacks[handle] = _scheduler.gil.loopCallback(delay * 1000.0)
        return handle

    def announced_cancel(self: asyncio.Handle) -> None:
        due = _due_callbacks.pop(self, None)
        if due is not None:
            _scheduler.gil.loopDone(due)
        return cancel(self)

    def traced_run(self: asyncio.Handle) -> Any:
        # Steps of run_sync's helper tasks are the machinery of threads, not the reader's tasks.
        owner = getattr(self._callback, "__self__", None)
        task = owner if isinstance(owner, asyncio.Task) and not _is_internal(self._callback) else None
        due = _due_callbacks.pop(self, None)
        if due is not None:
            _scheduler.gil.loopDone(due)
        # While the main thread is parked in its loop, a callback takes the GIL for it.
        parked = due is not None and _scheduler.gil.loopParked
        if parked:
            _scheduler.gil.enterLoop()
        start = _trace.now_ms()
        try:
            return handle_run(self)
        finally:
            if task is not None:
                _trace.record(task.get_name(), "run", start, _trace.now_ms())
            if parked:
                _scheduler.gil.leaveLoop()

    async def traced_sleep(delay: float, result: Any = None) -> Any:
        lane = current_lane()
        start = _trace.now_ms()
        try:
            return await sleep(delay, result)
        finally:
            _trace.record(lane, "sleep", start, _trace.now_ms(), "asyncio.sleep")

    like(sleep)(traced_sleep)
    WebLoop.call_later = like(call_later)(announced_call_later)
    asyncio.Handle.cancel = like(cancel)(announced_cancel)
    asyncio.Handle._run = like(handle_run)(traced_run)
    asyncio.sleep = traced_sleep
    asyncio.tasks.sleep = traced_sleep
