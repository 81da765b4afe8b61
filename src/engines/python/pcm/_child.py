"""The start of a child process, as CPython's spawn start method does it.

The child runs the parent's program again as ``__mp_main__`` (so code under
``if __name__ == "__main__":`` does not run), then unpickles its process object (the
target and arguments refer to functions of that module by name) and calls ``run()``.
Its trace (start-up, running, waiting) is sent to the process hub at once, in absolute
time, for the parent's timeline.
"""

import builtins
import linecache
import os
import pickle
import sys
import time
import types
from multiprocessing import process as mp_process
from typing import Any

import _pcm_proc
import js

from . import _buffers, _hub, _multiprocessing, _processes, _restored, _stdio, _trace
from ._constants import SNIPPET_FILENAME, WAIT_SLICE_MS
from ._mimic import like
from ._tracebacks import format_exception

_cursor: list[float | None] = [None]
# The process this interpreter runs, once it is told (run_child); prepare_child comes first.
_identity: dict[str, str] = {"name": ""}


def _send(lane: str, kind: str, start: float, end: float, label: str | None = None) -> None:
    """Sends a span to the hub at once; the time since the last wait was running."""
    cursor = _cursor[0]
    if cursor is not None and kind != "run":
        if start > cursor:
            _pcm_proc.trace(lane, "run", cursor, start, None)
        _cursor[0] = max(cursor, end)
    _pcm_proc.trace(lane, kind, start, end, label)


# What a sleep waits on (nothing ever wakes it), made when the process first sleeps: the
# interpreter's image cannot hold a JavaScript object.
_sleeper: list[Any] = []


@like(getattr(time.sleep, "__wrapped__", time.sleep))
def _sleep(seconds: float, /) -> None:
    """time.sleep: the worker waits on an atomic without using the CPU."""
    seconds = float(seconds)
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    if not _sleeper:
        _sleeper.append(js.Int32Array.new(js.SharedArrayBuffer.new(4)))
    start = _trace.now_ms()
    end = start + seconds * 1000
    try:
        while (left := end - _trace.now_ms()) > 0:
            js.Atomics.wait(_sleeper[0], 0, 0, min(left, WAIT_SLICE_MS))
    finally:
        _hub.record("sleep", start, _trace.now_ms(), "time.sleep")


def _report(name: str, error: BaseException) -> str:
    """What CPython's child prints when its process ends with an exception."""
    text = format_exception(error)
    sys.stderr.write(f"Process {name}:\n{text}")
    sys.stderr.flush()
    return text


def prepare_child() -> None:
    """Installs what every child process needs, before it is told which process it runs.

    The process hub prepares interpreters before a program asks for processes (as CPython's
    forkserver does), so this runs outside the program's time, as CPython's own imports and
    start-up run before a spawned child's first line: only the program (``__mp_main__``) and
    the process object are the process's own.
    """
    _trace.use(_send, _pcm_proc.now)
    _restored.refresh()
    _stdio.install()
    time.sleep = _sleep
    _multiprocessing.install(lambda: _identity["name"])


def run_child(pid: int, name: str, source: str, payload: Any, parent_pid: int, buffers: Any) -> tuple[int, str | None]:
    """Runs one child process to its end, after prepare_child; returns (exit code, error text or None).

    ``payload`` is the pickled process object (a JavaScript Uint8Array); ``buffers`` the
    run's shared memory blocks by id.
    """
    pid = int(pid)
    os.getpid = lambda: pid
    os.getppid = lambda: int(parent_pid)
    _identity["name"] = name
    _hub.state.update(source=source, bootstrapping=True)
    _buffers.remember(buffers.to_py() if hasattr(buffers, "to_py") else buffers)
    linecache.cache[SNIPPET_FILENAME] = (len(source), None, source.splitlines(keepends=True), SNIPPET_FILENAME)

    main = types.ModuleType("__mp_main__")
    main.__dict__["__builtins__"] = builtins
    sys.modules["__mp_main__"] = sys.modules["__main__"] = main
    start = _trace.now_ms()
    try:
        exec(compile(source, SNIPPET_FILENAME, "exec", dont_inherit=True), main.__dict__)
    except BaseException as error:  # noqa: BLE001 - a failed start is reported like CPython's.
        return 1, _report(name, error)
    finally:
        _hub.state["bootstrapping"] = False
        _send(name, "spawn", start, _trace.now_ms(), "run __mp_main__ again")
        sys.stdout.flush()

    start = _trace.now_ms()
    # As in CPython's spawn: proxies of a manager among the arguments are inherited, which
    # spares each a call to the server (they take no reference of their own).
    inheriting = mp_process.current_process()
    inheriting._inheriting = True
    try:
        process = pickle.loads(payload.to_bytes())
    finally:
        del inheriting._inheriting
    _processes._current["process"] = _processes._CurrentProcess(name, pid, process.daemon, int(parent_pid))
    _send(name, "transfer", start, _trace.now_ms(), "unpickle the target and arguments")

    _cursor[0] = _trace.now_ms()
    code, error_text = 0, None
    try:
        process.run()
    except SystemExit as error:
        if error.code is None:
            code = 0
        elif isinstance(error.code, int):
            code = error.code
        else:
            sys.stderr.write(f"{error.code}\n")
            code = 1
    except BaseException as error:  # noqa: BLE001 - reported as CPython's child does.
        code, error_text = 1, _report(name, error)
    finally:
        now = _trace.now_ms()
        if _cursor[0] is not None and now > _cursor[0]:
            _pcm_proc.trace(name, "run", _cursor[0], now, None)
        _cursor[0] = None
        sys.stdout.flush()
        sys.stderr.flush()
    return code, error_text
