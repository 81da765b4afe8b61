"""The start of a child process, as CPython's spawn start method does it.

The child runs the parent's program again as ``__mp_main__`` (so code under
``if __name__ == "__main__":`` does not run), then unpickles its process object (the
target and arguments refer to functions of that module by name) and calls ``run()``.
Its trace (start-up, running, waiting) is kept in absolute time for the parent's timeline.
"""

import builtins
import linecache
import os
import pickle
import sys
import time
import traceback
import types

import js
import _pcm_proc

import pcm_processes as core
import pcm_mp_setup
import pcm_mp_shared

FILENAME = "<snippet>"
os.environ["PYTHON_COLORS"] = "0"

_cursor = [None]


def _record(lane, kind, start, end, label=None):
    """Sends a trace record to the hub at once; the time since the last wait was running."""
    cursor = _cursor[0]
    if cursor is not None and kind != "run":
        if start > cursor:
            _pcm_proc.trace(lane, "run", cursor, start, None)
        _cursor[0] = max(cursor, end)
    _pcm_proc.trace(lane, kind, start, end, label)


_sleeper = js.Int32Array.new(js.SharedArrayBuffer.new(4))


def _sleep(seconds):
    """time.sleep: the worker waits on an atomic without using the CPU."""
    seconds = float(seconds)
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    start = _pcm_proc.now()
    end = start + seconds * 1000
    try:
        while (left := end - _pcm_proc.now()) > 0:
            js.Atomics.wait(_sleeper, 0, 0, min(left, 50))
    finally:
        core._record("sleep", start, _pcm_proc.now(), "time.sleep")


_sleep.__name__ = _sleep.__qualname__ = "sleep"
time.sleep = _sleep


def _no_input(prompt=""):
    raise RuntimeError("input() is not supported here: snippets run without a keyboard.")


builtins.input = _no_input


def _format(error):
    report = traceback.TracebackException.from_exception(error)
    report.stack = traceback.StackSummary.from_list(
        [frame for frame in report.stack if not frame.filename.startswith("/home/pyodide/pcm_")]
    )
    return "".join(report.format())


def _report(name, error):
    """What CPython's child prints when its process ends with an exception."""
    text = _format(error)
    sys.stderr.write(f"Process {name}:\n{text}")
    sys.stderr.flush()
    return text


def run_child(pid, name, source, payload, parent_pid, buffers):
    """Runs one child process to its end; returns (exitcode, error text)."""
    pid = int(pid)
    os.getpid = lambda: pid
    os.getppid = lambda: int(parent_pid)
    pcm_mp_setup.install(_record, _pcm_proc.now, lambda: name)
    core._state.update(source=source, bootstrapping=True)
    pcm_mp_shared.remember(buffers.to_py() if hasattr(buffers, "to_py") else buffers)
    linecache.cache[FILENAME] = (len(source), None, source.splitlines(keepends=True), FILENAME)

    main = types.ModuleType("__mp_main__")
    main.__dict__["__builtins__"] = builtins
    sys.modules["__mp_main__"] = sys.modules["__main__"] = main
    start = _pcm_proc.now()
    try:
        exec(compile(source, FILENAME, "exec", dont_inherit=True), main.__dict__)
    except BaseException as error:  # noqa: BLE001 - a failed start is reported like CPython's.
        return 1, _report(name, error)
    finally:
        core._state["bootstrapping"] = False
        _record(name, "spawn", start, _pcm_proc.now(), "run __mp_main__ again")
        sys.stdout.flush()

    start = _pcm_proc.now()
    process = pickle.loads(payload.to_bytes())
    core._current["process"] = core._CurrentProcess(name, pid, process.daemon, int(parent_pid))
    _record(name, "transfer", start, _pcm_proc.now(), "unpickle the target and arguments")

    _cursor[0] = _pcm_proc.now()
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
        if _pcm_proc.now() > _cursor[0]:
            _pcm_proc.trace(name, "run", _cursor[0], _pcm_proc.now(), None)
        _cursor[0] = None
        sys.stdout.flush()
        sys.stderr.flush()
    return code, error_text
