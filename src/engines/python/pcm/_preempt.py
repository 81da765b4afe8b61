"""Preemption of green threads: the switch interval, as CPython honours it.

The page raises a signal in the interpreter every switch interval. Its handler only marks
the code that was running; the thread gives up the GIL at that code's next loop jump, call
or return, in a ``sys.monitoring`` callback, if another thread is waiting for the GIL.
"""

import signal
import sys
from typing import Any

from pyodide.ffi import can_run_sync

from . import _scheduler
from ._constants import SWITCH_SIGNAL
from ._tracebacks import is_own_code

# How many writes to sys.stdout/sys.stderr are under way. The buffered writer checks for
# signals inside its C code while it holds its own lock, and a thread switched out there
# would leave the lock to a thread of the same OS thread: "reentrant call" errors.
_in_output = [0]


class _AtomicOutput:
    """sys.stdout/sys.stderr, written without being switched out mid-write."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        _in_output[0] += 1
        try:
            return self._stream.write(text)
        finally:
            _in_output[0] -= 1

    def flush(self) -> None:
        _in_output[0] += 1
        try:
            return self._stream.flush()
        finally:
            _in_output[0] -= 1

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


_monitoring = sys.monitoring
_TOOL = 4  # A sys.monitoring tool id of our own (0, 1, 2 and 5 are the conventional ones).
_SWITCH_EVENTS = _monitoring.events.JUMP | _monitoring.events.PY_RETURN | _monitoring.events.CALL
_armed = set()


def _on_switch_signal(signum: int, frame: Any) -> None:
    """The drop request: arms a switch at the running code's next jump, call or return.

    Giving up the GIL means suspending this stack, and suspending from inside CPython's
    signal machinery proved unreliable in Pyodide. So the handler only marks the code that
    was running; the switch itself happens in a sys.monitoring callback, an ordinary call
    made by the interpreter a few instructions later (the next loop iteration, call or
    return), which is still "mid-statement" as the issue requires.
    """
    if frame is None or _in_output[0] or _scheduler.critical[0]:
        return
    # Only a thread's own stack can be switched out: suspending an event-loop callback or
    # run_sync's machinery mid-way breaks Pyodide's stack switching.
    ident = _scheduler.stack_owner()
    if ident is None or not _scheduler.gil.wantsTurn(ident):
        return
    code = frame.f_code
    # The site's own primitives are atomic, as CPython's C-level ones are: a switch between
    # "I will wait for this lock" and the wait itself would lose the wake-up.
    if is_own_code(code) or code in _armed:
        return
    _armed.add(code)
    _monitoring.set_local_events(_TOOL, code, _SWITCH_EVENTS)


def _switch_point(*args: object) -> None:
    for code in _armed:
        _monitoring.set_local_events(_TOOL, code, 0)
    _armed.clear()
    # Python called from JavaScript inside a call from Python cannot suspend.
    if _in_output[0] or _scheduler.critical[0] or not can_run_sync():
        return
    ident = _scheduler.stack_owner()
    if ident is None:
        return
    turn = _scheduler.waits.yieldTurn(ident)
    if turn is None:
        return
    try:
        _scheduler.run.suspend(ident, turn)
    except SystemError:
        # Pyodide can refuse a stack switch ("no thread state to hand control back to").
        # The switch is taken back before anything else ran; the next request tries again.
        _scheduler.gil.revokeTurn(ident)


def install() -> None:
    """Switch requests become switches; sys.stdout and sys.stderr writes become atomic."""
    signal.signal(SWITCH_SIGNAL, _on_switch_signal)
    _monitoring.use_tool_id(_TOOL, "pcm green threads")
    for event in (_monitoring.events.JUMP, _monitoring.events.PY_RETURN, _monitoring.events.CALL):
        _monitoring.register_callback(_TOOL, event, _switch_point)
    sys.stdout, sys.stderr = _AtomicOutput(sys.stdout), _AtomicOutput(sys.stderr)
