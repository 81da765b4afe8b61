"""The Python side of the GIL: who is running, waiting for the GIL, and suspending.

Each green thread is a Python stack suspended with ``run_sync(promise)``; the page's
worker keeps the GIL scheduler (``gil.ts``), whose promises mean "you hold the GIL now".
This module is the base of the thread layer: it knows which thread a stack belongs to,
suspends a thread until it holds the GIL again (recording what it waited for), and
delivers Stop (KeyboardInterrupt) to the main thread, as CPython delivers signals.
"""

import _thread
import asyncio
import collections
import sys
import threading
from asyncio.events import _get_running_loop
from collections.abc import Callable
from typing import Any

import _pcm_js
import js
from pyodide.ffi import run_sync

from . import _trace
from ._jsmodules import when_attached
from ._mimic import like
from ._tracebacks import where

MAIN_IDENT: int = _thread.get_ident()

# The worker's GIL scheduler (gil.ts) and its waits (start, block, acquire, yieldTurn), each
# handed over as an object holding a JavaScript promise, for ``wait``; set once the worker's
# module is attached (_jsmodules).
gil: Any = None
waits: Any = None
# The browser's clock, which the scheduler's grants use; bound with them, since reading it while
# an image is made (through Pyodide's record of what the image reaches) fails in a browser.
performance: Any = None


def _bind(module: Any) -> None:
    global gil, waits, performance
    gil, waits, performance = module.gil, module.waits, js.performance


when_attached("_pcm_js", _bind)

# Above zero while the running stack is inside one of the thread layer's primitives (a
# lock, a join, a thread start): they are atomic, as CPython's C-level ones are, and a
# switch between "I will wait for this lock" and the wait itself would lose the wake-up.
# A stack's count is put aside while it is suspended, so this works as a per-thread value.
critical = [0]

# Each green thread runs on its own stack, whose first Python frame is its bootstrap: the
# thread is identified by that frame, so the answer is right whichever stack asks.
_bottom_frames: dict[int, int] = {}
# Lane names of threads that have not registered with threading yet.
names: dict[int, str] = {}
# What the main thread waits for in asyncio.run (run_until_complete), innermost last.
loop_waits: list[asyncio.Future] = []


class _Direct:
    """A JavaScript promise for ``run_sync`` to wait for directly (see ``wait``)."""

    __slots__ = ("promise",)

    def __init__(self, promise: Any) -> None:
        self.promise = promise

    def __await__(self) -> Any:
        # Only here so that run_sync accepts it; run_sync never awaits it (see _ensure_future).
        raise RuntimeError("a direct wait cannot be awaited")


def wait(held: Any) -> Any:
    """Suspends this stack until the promise ``held.promise`` settles; returns its value.

    ``run_sync`` first turns what it is given into an asyncio future, and waiting for that
    takes a turn of the event loop and of asyncio's callbacks (about half a millisecond,
    more when the page is busy). Given a ``_Direct``, the patched ``asyncio.ensure_future``
    hands run_sync the JavaScript promise itself, which it awaits at once: a GIL hand-over
    then costs microseconds, as in CPython.
    """
    return run_sync(_Direct(held.promise))


def install() -> None:
    """Lets ``run_sync`` wait for JavaScript promises directly (first of the thread layer's patches)."""
    real = asyncio.ensure_future
    if getattr(real, "_pcm_direct", False):
        return

    def ensure_future(coro_or_future: Any, *, loop: asyncio.AbstractEventLoop | None = None) -> Any:
        if type(coro_or_future) is _Direct:
            return coro_or_future.promise
        return real(coro_or_future, loop=loop)

    like(real)(ensure_future)
    ensure_future._pcm_direct = True  # type: ignore[attr-defined]
    asyncio.ensure_future = asyncio.tasks.ensure_future = ensure_future


def own_stack(ident: int) -> None:
    """Marks the calling frame as the first frame of thread ``ident``'s stack."""
    _bottom_frames[id(sys._getframe(1))] = ident


def leave_stack() -> None:
    """The thread whose first frame calls this is ending."""
    _bottom_frames.pop(id(sys._getframe(1)), None)


def get_ident() -> int:
    """``threading.get_ident()``: the running thread's identifier."""
    owner = stack_owner()
    if owner is not None:
        return owner
    # An event-loop callback runs the asyncio code of the thread that runs its loop.
    return getattr(_get_running_loop(), "_thread_id", None) or MAIN_IDENT


def lane(ident: int) -> str:
    """The timeline lane of a thread: its name."""
    thread = threading._active.get(ident)
    if thread is not None:
        return thread._name  # Not the property: no Python-level call inside a primitive.
    return names.get(ident) or ("MainThread" if ident == MAIN_IDENT else f"Thread-{ident}")


class Run:
    """What the current run has done with threads, for its trace and summary."""

    def __init__(self) -> None:
        self.threads = 0  # Started and not finished.
        self.traced = False  # Spans are recorded once a run starts a thread.
        self.longest_wait = 0.0
        self.run_started = _trace.now_ms()
        self.lanes: set[str] = set()

    def note(self, ident: int, kind: str, start: float, end: float, label: str | None = None) -> None:
        """Records a span of thread ``ident`` (ms), once the run has started a thread."""
        if self.traced and end > start:
            name = lane(ident)
            self.lanes.add(name)
            _trace.record(name, kind, start, end, label)

    def suspend(self, ident: int, held: Any, kind: str | None = None, label: str | None = None) -> str:
        """Suspends this thread's stack until the scheduler grants it the GIL; records the
        wait (``kind``) and the wait for the GIL after it. Returns why it runs again.

        Raises KeyboardInterrupt in the main thread when Stop (or ``interrupt_main``) is
        pending for it: Ctrl-C interrupts a blocking call in CPython the same way.
        """
        start = _trace.now_ms()
        self.note(ident, "run", self.run_started, start)
        depth, critical[0] = critical[0], 0
        try:
            grant = wait(held)
        finally:
            critical[0] = depth
        if ident == MAIN_IDENT and _pcm_js.take_interrupt():
            raise KeyboardInterrupt
        now = _trace.now_ms()
        ready = max(start, now - max(0.0, performance.now() - grant.readyAt))
        if kind is not None:
            self.note(ident, kind, start, ready, label)
        else:
            ready = start
        if self.traced:
            self.longest_wait = max(self.longest_wait, now - ready)
        self.note(ident, "gil-wait", ready, now)
        self.run_started = now
        return grant.reason


run = Run()


def _bottom_frame() -> Any:
    frame = sys._getframe(1)
    while frame.f_back is not None:
        frame = frame.f_back
    return frame


def stack_owner() -> int | None:
    """The thread whose stack this is, or None for Python that JavaScript called on its own
    stack (an event-loop callback, run_sync's helper tasks)."""
    return _bottom_frames.get(id(_bottom_frame()))


def new_run() -> None:
    """A new program: only the main thread, whose stack is the one running this."""
    global run
    _bottom_frames.clear()
    _bottom_frames[id(_bottom_frame())] = MAIN_IDENT
    names.clear()
    gil.reset()
    run = Run()


class DeadlockError(RuntimeError):
    """Raised in the main thread when the site detects that every thread is stuck."""


DeadlockError.__module__ = "builtins"


def block(kind: str, label: str, timeout: float | None = None) -> str:
    """Releases the GIL around a wait (sleep, lock, join), as CPython's blocking calls do.

    ``timeout`` is in seconds (None: until woken). Returns why the wait ended ("timeout",
    "released", "done" …); raises DeadlockError when no thread could ever wake this one.
    """
    ident = get_ident()
    timeout_ms = -1 if timeout is None or timeout < 0 else timeout * 1000.0
    what = label if kind == "sleep" else f"a {label}{where(2)}"
    reason = run.suspend(ident, waits.block(ident, lane(ident), what, timeout_ms), kind, label)
    if reason == "deadlock":
        raise DeadlockError(gil.deadlockReport())
    return reason


def wait_until(ready: Callable[[], bool], waiters: collections.deque[int], label: str, timeout: float | None) -> bool:
    """Suspends the calling thread until ``ready()`` is true, or ``timeout`` seconds pass.

    The green primitives' one wait (a lock, a SimpleQueue): the thread queues its ident in
    ``waiters`` (the releaser wakes the first with ``gil.wake``) and blocks; woken, it checks
    ``ready()`` again, since another thread may have taken what was released meanwhile (no
    hand-over, as in CPython). ``timeout`` None waits for ever. Returns False on timeout.
    Call it inside ``critical``, so that nothing runs between the check and the wait; raises
    DeadlockError as ``block`` does.
    """
    ident = get_ident()
    deadline = None if timeout is None else _trace.now_ms() + timeout * 1000.0
    while not ready():
        left = None if deadline is None else (deadline - _trace.now_ms()) / 1000.0
        if left is not None and left <= 0:
            return False
        waiters.append(ident)
        try:
            block("blocked", label, left)
        finally:
            if ident in waiters:
                waiters.remove(ident)
    return True


# --- Stop and interrupt_main: KeyboardInterrupt for the main thread ------------------------

_INTERNAL_TASK = "ensure_future.<locals>._wrap_awaitable"


def is_internal_task(task: asyncio.Task) -> bool:
    """Whether a task is one of run_sync's helpers (a green thread's wait), not the reader's:
    run_sync wraps each promise a thread waits on in such a task."""
    return getattr(getattr(task, "get_coro", lambda: None)(), "__qualname__", "") == _INTERNAL_TASK


def _in_reader_task() -> bool:
    try:
        task = asyncio.current_task()
    except RuntimeError:
        return False
    return task is not None and not is_internal_task(task)


def on_sigint(signum: int, frame: Any) -> None:
    """SIGINT (Stop) as CPython delivers it: to the main thread only.

    The interrupt is noticed by whichever stack runs Python when it arrives. On the main
    thread's own stack, or in a step of one of its asyncio tasks, it raises at once (the
    event loop hands it on, see _loop). On another thread's stack, or in Python that
    JavaScript called, it is handed to the main thread, which raises KeyboardInterrupt in
    the call it waits in (see Run.suspend).
    """
    owner = stack_owner()
    if owner == MAIN_IDENT or (owner is None and _in_reader_task()):
        raise KeyboardInterrupt
    interrupt_main()


def interrupt_main() -> None:
    """KeyboardInterrupt for the main thread, wherever it waits: a green wait, a process's
    answer, or ``asyncio.run`` (whose task is cancelled, as asyncio.Runner does on Ctrl-C)."""
    _pcm_js.interrupt_main()
    interrupt_loop()


def interrupt_loop() -> None:
    """Cancels what a main thread waiting in ``asyncio.run`` waits for."""
    for task in loop_waits:
        task.cancel()
