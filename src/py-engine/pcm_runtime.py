"""Runtime helpers for snippets that run in the site's Python worker (Pyodide).

The worker imports this module once per interpreter. Each run gets a fresh ``__main__``
namespace, its output streams to the page as it is printed, and a trace of what ran when:
asyncio task slices, ``asyncio.sleep`` and ``time.sleep`` spans. The page turns the trace
into the timeline.
"""

import ast
import asyncio
import atexit
import builtins
import gc
import linecache
import os
import sys
import time
import traceback
import types

from pyodide.ffi import run_sync

import _pcm_js  # Registered by the worker: block_sleep(seconds) waits without using the CPU.

FILENAME = "<snippet>"

# Output is shown as plain text, so tracebacks must not carry terminal colour codes.
os.environ["PYTHON_COLORS"] = "0"

_trace = []
_origin = 0.0


def _now_ms():
    return (time.perf_counter() - _origin) * 1000.0


def _record(lane, kind, start, end, label=None):
    _trace.append((lane, kind, start, end, label))


def _current_lane():
    try:
        task = asyncio.current_task()
    except RuntimeError:
        task = None
    return task.get_name() if task is not None else "MainThread"


# --- threads: green threads under a GIL (pcm_threads) --------------------------------

import pcm_thread_loop  # noqa: E402
import pcm_threads  # noqa: E402 - needs _record and _now_ms defined above.

_green_sleep = pcm_threads.install(_record, _now_ms)

# --- processes: child interpreters in their own workers (pcm_mp_setup) -----------------

import pcm_mp_setup  # noqa: E402 - needs _record and _now_ms defined above.

pcm_mp_setup.install(_record, _now_ms)


# --- time.sleep blocks the thread without spinning, as it does in CPython --------------

def _sleep(seconds):
    if pcm_threads.threads_alive():
        # Other threads exist: sleeping releases the GIL so they can run meanwhile.
        return _green_sleep(seconds)
    seconds = float(seconds)
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    start = _now_ms()
    try:
        _pcm_js.block_sleep(seconds)
    finally:
        _record(_current_lane(), "sleep", start, _now_ms(), "time.sleep")
    # Stop ends the sleep early; as in CPython, KeyboardInterrupt comes out of time.sleep.
    if _pcm_js.take_interrupt():
        raise KeyboardInterrupt


_sleep.__name__ = _sleep.__qualname__ = "sleep"
time.sleep = _sleep


# --- asyncio: record every task slice and every asyncio.sleep -------------------------

_original_handle_run = asyncio.events.Handle._run


def _traced_handle_run(handle):
    owner = getattr(handle._callback, "__self__", None)
    # Steps of run_sync's helper tasks are the machinery of threads, not the reader's tasks.
    if not isinstance(owner, asyncio.Task) or pcm_thread_loop.is_internal(handle._callback):
        return _original_handle_run(handle)
    start = _now_ms()
    try:
        return _original_handle_run(handle)
    finally:
        _record(owner.get_name(), "run", start, _now_ms())


asyncio.events.Handle._run = _traced_handle_run

_original_async_sleep = asyncio.sleep


async def _traced_async_sleep(delay, result=None):
    lane = _current_lane()
    start = _now_ms()
    try:
        return await _original_async_sleep(delay, result)
    finally:
        _record(lane, "sleep", start, _now_ms(), "asyncio.sleep")


asyncio.sleep = _traced_async_sleep


# --- input() has no keyboard to read from -------------------------------------------

def _no_input(prompt=""):
    raise RuntimeError(
        "input() is not supported here: snippets run without a keyboard. "
        "Put the value in the code instead."
    )


builtins.input = _no_input


# --- running a snippet ----------------------------------------------------------------

def _format_exception(error):
    """A traceback of the reader's code only: the site's own frames are left out."""
    if isinstance(error, SyntaxError):
        return "".join(traceback.format_exception_only(type(error), error))
    report = traceback.TracebackException.from_exception(error)
    # The site's own helpers (pcm_runtime, pcm_threads) are not the reader's code.
    report.stack = traceback.StackSummary.from_list(
        [frame for frame in report.stack if not frame.filename.startswith("/home/pyodide/pcm_")]
    )
    return "".join(report.format())


def _report(error):
    """Prints an uncaught exception as CPython does when a program dies of it, at that moment
    (so what threads and exit handlers print afterwards follows it); returns its text."""
    if isinstance(error, SystemExit):
        code = error.code
        if code is None or code == 0:
            return None
        text = f"{code}\n" if not isinstance(code, int) else ""
    else:
        text = _format_exception(error)
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except Exception:  # noqa: BLE001 - a broken sys.stderr must not hide the error from the page.
        sys.__stderr__.write(text)
    return text or f"SystemExit: {error.code}\n"


# atexit's own registry also holds Pyodide's handlers, which must not run after every
# program; the reader's program registers into this list instead, run at its end.
_exit_callbacks = []
_real_atexit_register = atexit.register
_real_atexit_unregister = atexit.unregister


def _atexit_register(func, /, *args, **kwargs):
    _exit_callbacks.append((func, args, kwargs))
    return func


def _atexit_unregister(func, /):
    _exit_callbacks[:] = [entry for entry in _exit_callbacks if entry[0] != func]


for _patched, _real in ((_atexit_register, _real_atexit_register), (_atexit_unregister, _real_atexit_unregister)):
    _patched.__name__ = _patched.__qualname__ = _real.__name__
    _patched.__module__ = "atexit"
    _patched.__doc__ = _real.__doc__
atexit.register = _atexit_register
atexit.unregister = _atexit_unregister


def _run_exit_callbacks():
    """As at interpreter exit: last registered first; a failing one is reported and skipped."""
    while _exit_callbacks:
        func, args, kwargs = _exit_callbacks.pop()
        try:
            func(*args, **kwargs)
        except BaseException as error:  # noqa: BLE001 - reported as CPython reports it.
            sys.stderr.write(f"Exception ignored in atexit callback {func!r}:\n{_format_exception(error)}")


def _finalize(main):
    """Clears the program's globals as interpreter shutdown does, so ``__del__`` methods run
    (names with one leading underscore first, as CPython clears a module)."""
    names = [name for name in main.__dict__ if name != "__builtins__"]
    for name in sorted(names, key=lambda name: not (name.startswith("_") and not name.startswith("__"))):
        main.__dict__.pop(name, None)
    gc.collect()


_streams = (sys.stdout, sys.stderr)


def run_snippet(source):
    """Runs ``source`` as ``__main__``, as ``python3 file.py`` would, through interpreter exit.

    Returns ``(error_text or None, trace events, wall_ms, thread stats, process lanes,
    error type name or None)``. The error is already printed to stderr when it happens.
    The worker calls this with JSPI (``callPromising``), so code that suspends — top-level
    ``await``, ``asyncio.run`` — can wait for the browser without blocking it.
    """
    global _origin
    _trace.clear()
    _exit_callbacks.clear()
    main = types.ModuleType("__main__")
    main.__dict__["__builtins__"] = builtins
    previous_main = sys.modules.get("__main__")
    sys.modules["__main__"] = main
    # Registering the source lets tracebacks quote the reader's lines, as in a terminal.
    linecache.cache[FILENAME] = (len(source), None, source.splitlines(keepends=True), FILENAME)
    _origin = time.perf_counter()
    error_text = error_type = None
    threads = {}
    process_lanes = []
    pcm_threads.begin_run()
    pcm_mp_setup.begin_run(source, main)
    try:
        try:
            code = compile(source, FILENAME, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)
            result = eval(code, main.__dict__)
            if asyncio.iscoroutine(result):
                run_sync(result)
        except BaseException as error:  # noqa: BLE001 - every failure is reported to the reader.
            error_text, error_type = _report(error), type(error).__name__
        # Interpreter exit: non-daemon threads and processes are waited for, then exit
        # handlers run; not after Stop (the reader wants it over) nor after a deadlock
        # (nothing could ever end).
        stopped = error_type == "KeyboardInterrupt" and _pcm_js.stop_requested()
        if not stopped and error_type != "DeadlockError":
            try:
                pcm_threads.join_threads()
                pcm_mp_setup.finish_run()
                _run_exit_callbacks()
            except BaseException as error:  # noqa: BLE001 - Stop while waiting at exit.
                if error_text is None:
                    error_text, error_type = _report(error), type(error).__name__
    finally:
        threads = pcm_threads.run_stats()
        # Children still running are ended, as at interpreter exit; their lanes join the trace.
        process_lanes = pcm_mp_setup.end_run()
        wall = _now_ms()
        _finalize(main)
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001, S110 - the program may have closed or replaced it.
                pass
        # The next program starts with the real streams, whatever this one did to them.
        sys.stdout, sys.stderr = _streams
        if previous_main is not None:
            sys.modules["__main__"] = previous_main
    return error_text, list(_trace), wall, threads, process_lanes, error_type
