"""Trace and profile functions see the program's code, as in CPython, not the site's.

In CPython a lock, a thread start or a queue wait is C code, which ``sys.settrace`` never
reports (and ``sys.setprofile`` reports as one ``c_call``); here they are Python functions
of this package. The program's trace and profile functions are therefore called through a
filter that leaves out this package's frames, and ``sys.gettrace``/``sys.getprofile`` give
back the program's own functions. Tracing stays per thread (each green thread runs on an
interpreter thread state of its own), and ``threading.settrace_all_threads`` reaches every
thread as in CPython. Every call that switches tracing or monitoring on or off goes through
``_tstates.with_other_stacks_hidden``, without which it would crash the interpreter while
another thread is suspended.
"""

import sys
from collections.abc import Callable
from typing import Any

from ._mimic import like
from ._tracebacks import is_own_code
from ._tstates import with_other_stacks_hidden

Hook = Callable[..., Any] | None

_real = {
    name: getattr(sys, name)
    for name in ("settrace", "gettrace", "setprofile", "getprofile", "_settraceallthreads", "_setprofileallthreads")
    if hasattr(sys, name)
}


def _filtered(hook: Hook) -> Hook:
    """``hook`` called only for frames of code that is not this package's."""
    if hook is None:
        return None

    def filtered(frame: Any, event: str, arg: Any) -> Any:
        if is_own_code(frame.f_code):
            return None
        return hook(frame, event, arg)

    filtered._pcm_hook = hook
    return filtered


def _unfiltered(hook: Hook) -> Hook:
    return getattr(hook, "_pcm_hook", hook)


def _setter(name: str) -> Callable[[Hook], None]:
    real = _real[name]

    @like(real)
    def set_hook(function: Hook, /) -> None:
        with_other_stacks_hidden(real, _filtered(function))

    return set_hook


def _getter(name: str) -> Callable[[], Hook]:
    real = _real[name]

    @like(real)
    def get_hook() -> Hook:
        return _unfiltered(real())

    return get_hook


def _monitoring_setter() -> Callable[..., None]:
    real = sys.monitoring.set_events

    @like(real, "sys.monitoring")
    def set_events(tool_id: int, event_set: int, /) -> None:
        with_other_stacks_hidden(real, tool_id, event_set)

    return set_events


def install() -> None:
    """Filters the trace and profile functions programs set (with the thread layer)."""
    for name in _real:
        setattr(sys, name, _getter(name) if name.startswith("get") else _setter(name))
    sys.monitoring.set_events = _monitoring_setter()
