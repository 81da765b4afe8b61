"""How an interpreter (the page's or a child's) talks to the process _hub.

The process hub (processes/hub-core.ts, in its own worker) starts the children, holds the
queues they share and collects their trace. This module reaches it through ``_pcm_proc``,
which the worker registers; Python waits for its answers with ``run_sync``, without using
the CPU, and Stop ends any such wait at once.
"""

import itertools
import os
from collections.abc import Callable
from typing import Any

import _pcm_proc  # Registered by the worker: call/send/wait/wait_signal/notify/now/cpu_count/prepared.
import js
from pyodide.ffi import can_run_sync, create_once_callable, run_sync, to_js

from . import _trace
from ._constants import MIN_SPAN_MS, WAIT_SLICE_MS

# This interpreter's part in the current run.
state: dict[str, Any] = {
    "lane": lambda: "MainThread",  # The lane the process layer records on.
    "source": "",  # The reader's program, which children run again.
    "used": False,  # Whether the run has used the hub (then it ends its children).
    "bootstrapping": False,  # A child still running the program as __mp_main__.
    "origin_abs": 0.0,  # When the run started, on the hub's absolute clock.
}
_ids = itertools.count(1)


def _hold(promise: Any, label: str) -> Any:
    return run_sync(promise)


# How this interpreter waits for a promise of the hub: in the page's, the thread layer
# releases the GIL meanwhile, so other threads run while one waits for a process (use_wait).
_waits: list[Callable[[Any, str], Any]] = [_hold]


def use_wait(wait: Callable[[Any, str], Any]) -> None:
    """Waits for the hub's promises go through ``wait(promise, label)`` from now on."""
    _waits[0] = wait


def record(kind: str, start: float, end: float, label: str | None = None, *, every: bool = False) -> None:
    """Records a span (ms) on this interpreter's lane, unless it is too short to see; with
    ``every``, however short (a manager call: each is a round trip the reader should see)."""
    if every or end - start >= MIN_SPAN_MS:
        _trace.record(state["lane"](), kind, start, end, label)


def clock() -> float:
    """The trace's clock, in ms."""
    return _trace.now_ms()


def new_id(kind: str) -> str:
    """An identifier no other object of any process of this run has."""
    return f"{kind}-{os.getpid()}-{next(_ids)}"


# --- talking to the hub ------------------------------------------------------------


def _js_arg(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray)):
        return to_js(bytes(value))
    if isinstance(value, dict):
        converted = js.Object.new()
        for key, item in value.items():
            setattr(converted, key, _js_arg(item))
        return converted
    return value


def call_async(op: str, *args: Any) -> int:
    """Starts a hub operation; returns a handle for its answer (see wait_promise, on_settle)."""
    state["used"] = True
    return _pcm_proc.call(op, *[_js_arg(arg) for arg in args])


def send(op: str, *args: Any) -> None:
    """Sends a hub operation without waiting for its answer."""
    state["used"] = True
    _pcm_proc.send(op, *[_js_arg(arg) for arg in args])


def wait_promise(handle: int, label: str | None = None) -> Any:
    """Blocks this interpreter until the hub's answer arrives, without using the CPU.

    Stop ends the wait at once with KeyboardInterrupt (the worker wakes it); a failure of
    the hub raises RuntimeError. With ``label``, the wait shows as blocked on the timeline.
    """
    if not can_run_sync():
        raise RuntimeError(
            "This call would block, and here it runs where the browser cannot suspend Python "
            "(inside an asyncio callback or task). Call it from ordinary code, or await "
            "loop.run_in_executor(...) instead."
        )
    start = clock()
    try:
        while True:
            outcome = _waits[0](_pcm_proc.wait(handle, WAIT_SLICE_MS), label or "a process's answer")
            if getattr(outcome, "interrupted", False):
                raise KeyboardInterrupt
            if outcome.done:
                error = getattr(outcome, "error", None)
                if error is not None:
                    raise RuntimeError(f"the process hub failed: {error}")
                return getattr(outcome, "value", None)
    finally:
        if label:
            record("blocked", start, clock(), label)


def call(op: str, *args: Any, label: str | None = None) -> Any:
    """Runs a hub operation and waits for its answer (see wait_promise)."""
    return wait_promise(call_async(op, *args), label)


# The predicates of this interpreter's wait_until calls in progress (see notify).
_waiting: list[Callable[[], bool]] = []


def wait_until(predicate: Callable[[], bool], timeout: float | None = None, label: str | None = None) -> bool:
    """Waits until ``predicate()`` holds, woken by ``notify()``; False when ``timeout`` (s)
    passes first. Stop ends the wait with KeyboardInterrupt."""
    if predicate():
        return True
    if not can_run_sync():
        raise RuntimeError(
            "This call would block inside an asyncio callback or task, where the browser cannot "
            "suspend Python. Await loop.run_in_executor(...) instead."
        )
    start = clock()
    deadline = None if timeout is None else start + timeout * 1000
    _waiting.append(predicate)
    try:
        while not predicate():
            left = WAIT_SLICE_MS if deadline is None else min(WAIT_SLICE_MS, deadline - clock())
            if left <= 0:
                return False
            if _waits[0](_pcm_proc.wait_signal(left), label or "a process's answer"):
                raise KeyboardInterrupt
        return True
    finally:
        _waiting.remove(predicate)
        if label:
            record("blocked", start, clock(), label)


def prepared() -> int:
    """How many interpreters the hub booted ahead of this run are still untaken: a process
    started now, and as many after it, gets one and starts at once (0 in a child)."""
    return int(_pcm_proc.prepared())


def notify() -> None:
    """Wakes the ``wait_until`` calls of this interpreter once one of their predicates holds.

    A pool calls this for every result that arrives; a program waiting for the last of many
    would otherwise be woken (and suspended again) for each of the others, which costs the
    parent's core time its workers need."""
    if any(predicate() for predicate in _waiting):
        _pcm_proc.notify()


def on_settle(handle: int, callback: Callable[[Any], None]) -> None:
    """Calls ``callback(value)`` when the hub's answer arrives, without blocking anyone."""
    _pcm_proc.on_answer(handle, create_once_callable(callback))
