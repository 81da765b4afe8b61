"""Running the reader's program in the page's interpreter, as ``python3 program.py`` would.

Each run gets a fresh ``__main__``; its output streams to the page as it is printed; it
ends as CPython's interpreter exits (threads joined, exit handlers, globals cleared); and it
leaves a trace of what ran when for the page's timeline.
"""

import ast
import asyncio
import atexit
import builtins
import gc
import linecache
import sys
import time
import types
from collections.abc import Callable
from typing import Any

import _pcm_js

from . import _lifecycle, _loop, _multiprocessing, _threads, _trace
from ._constants import SNIPPET_FILENAME
from ._mimic import like
from ._tracebacks import format_exception

# --- time.sleep blocks the thread without spinning, as it does in CPython --------------


_real_sleep = getattr(time.sleep, "__wrapped__", time.sleep)  # Pyodide wraps it already.


@like(_real_sleep)
def _sleep(seconds: float, /) -> None:
    if _threads.threads_alive():
        # Other threads exist: sleeping releases the GIL so they can run meanwhile.
        return _threads.sleep(seconds)
    seconds = float(seconds)
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    start = _trace.now_ms()
    try:
        _pcm_js.block_sleep(seconds)
    finally:
        _trace.record(_loop.current_lane(), "sleep", start, _trace.now_ms(), "time.sleep")
    # Stop ends the sleep early; as in CPython, KeyboardInterrupt comes out of time.sleep.
    if _pcm_js.take_interrupt():
        raise KeyboardInterrupt
    return None


# --- atexit: the reader's exit handlers run when the program ends ----------------------

# atexit's own registry also holds Pyodide's handlers, which must not run after every
# program; the reader's program registers into this list instead, run at its end.
_exit_callbacks: list[tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]] = []
_real_atexit = (atexit.register, atexit.unregister)


def _atexit_register(func: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Callable[..., Any]:
    _exit_callbacks.append((func, args, kwargs))
    return func


def _atexit_unregister(func: Callable[..., Any], /) -> None:
    _exit_callbacks[:] = [entry for entry in _exit_callbacks if entry[0] != func]


def _run_exit_callbacks() -> None:
    """As at interpreter exit: last registered first; a failing one is reported and skipped."""
    while _exit_callbacks:
        func, args, kwargs = _exit_callbacks.pop()
        try:
            func(*args, **kwargs)
        except BaseException as error:  # noqa: BLE001 - reported as CPython reports it.
            sys.stderr.write(f"Exception ignored in atexit callback {func!r}:\n{format_exception(error)}")


def install() -> None:
    """``time.sleep`` and ``atexit`` for the reader's program (last of the package's patches)."""
    time.sleep = _sleep
    for patched, real in zip((_atexit_register, _atexit_unregister), _real_atexit, strict=True):
        like(real, "atexit")(patched)
    atexit.register = _atexit_register
    atexit.unregister = _atexit_unregister


# --- running a snippet ----------------------------------------------------------------


def _report(error: BaseException) -> str:
    """Prints an uncaught exception as CPython does when a program dies of it, at that moment
    (so what threads and exit handlers print afterwards follows it); returns its text."""
    if isinstance(error, SystemExit):
        code = error.code
        if code is None or code == 0:
            return ""
        text = "" if isinstance(code, int) else f"{code}\n"
    else:
        text = format_exception(error)
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except Exception:  # noqa: BLE001 - a broken sys.stderr must not hide the error from the page.
        sys.__stderr__.write(text)
    return text or f"SystemExit: {error.code}\n"


def _finalize(main: types.ModuleType, collect: bool) -> None:
    """Clears the program's globals as interpreter shutdown does, so ``__del__`` methods run
    (names with one leading underscore first, as CPython clears a module); with ``collect``,
    then collects cyclic garbage as shutdown does."""
    names = [name for name in main.__dict__ if name != "__builtins__"]
    for name in sorted(names, key=lambda name: not (name.startswith("_") and not name.startswith("__"))):
        main.__dict__.pop(name, None)
    if collect:
        gc.collect()


def _stop_behind(error: BaseException) -> BaseException:
    """The KeyboardInterrupt of a Stop that ``error`` wraps, else ``error`` itself.

    Stop raises KeyboardInterrupt wherever Python is. Inside Pyodide's conversion of a value
    for JavaScript it comes out wrapped (a ConversionError caused by it), and the run would not
    count as stopped: exit would then wait for the threads and children still running.
    """
    if not _pcm_js.stop_requested():
        return error
    for inner in (error.__cause__, error.__context__):
        if isinstance(inner, KeyboardInterrupt):
            return inner
    return error


def run_snippet(
    source: str, *, collect: bool = True
) -> tuple[str | None, list[_trace.Event], float, dict[str, Any], list[str], str | None]:
    """Runs ``source`` as ``__main__``, as ``python3 file.py`` would, through interpreter exit
    (without the final collection of cyclic garbage if not ``collect``).

    Returns ``(error report or None, trace events, wall time in ms, thread statistics,
    lanes of child processes, error type name or None)``; the report is already printed to
    stderr when the error happens. The worker calls this with JSPI (``callPromising``), so
    code that suspends (top-level ``await``, ``asyncio.run``, threads) can wait for the
    browser without blocking it.
    """
    _trace.begin()
    _exit_callbacks.clear()
    main = types.ModuleType("__main__")
    main.__dict__["__builtins__"] = builtins
    previous_main = sys.modules.get("__main__")
    sys.modules["__main__"] = main
    streams = sys.stdout, sys.stderr
    # Registering the source lets tracebacks quote the reader's lines, as in a terminal.
    linecache.cache[SNIPPET_FILENAME] = (len(source), None, source.splitlines(keepends=True), SNIPPET_FILENAME)
    error_text: str | None = None
    error_type: str | None = None
    _threads.begin_run()
    _loop.begin_run()
    _lifecycle.begin_run()
    _multiprocessing.begin_run(source, main)
    try:
        try:
            code = compile(source, SNIPPET_FILENAME, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)
            result = eval(code, main.__dict__)
            if asyncio.iscoroutine(result):
                _lifecycle.run_top_level(result)
        except BaseException as error:  # noqa: BLE001 - every failure is reported to the reader.
            error = _stop_behind(error)
            error_text, error_type = _report(error) or None, type(error).__name__
        # Interpreter exit: non-daemon threads and processes are waited for, then exit
        # handlers run; not after Stop (the reader wants it over) nor after a deadlock
        # (nothing could ever end).
        stopped = error_type == "KeyboardInterrupt" and _pcm_js.stop_requested()
        if not stopped and error_type != "DeadlockError":
            try:
                _threads.join_threads(_lifecycle.default_executors())
                _multiprocessing.finish_run()
                _run_exit_callbacks()
            except BaseException as error:  # noqa: BLE001 - Stop while waiting at exit.
                if error_text is None:
                    error_text, error_type = _report(error) or None, type(error).__name__
    finally:
        threads = _threads.run_stats()
        # Children still running are ended, as at interpreter exit; their lanes join the trace.
        process_lanes = _multiprocessing.end_run()
        wall = _trace.now_ms()
        _finalize(main, collect)
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001, S110 - the program may have closed or replaced it.
                pass
        # The next program starts with the real streams, whatever this one did to them.
        sys.stdout, sys.stderr = streams
        if previous_main is not None:
            sys.modules["__main__"] = previous_main
    return error_text, _trace.events(), wall, threads, process_lanes, error_type
