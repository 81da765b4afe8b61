"""Calls that walk every thread's frames, made safe while green threads are suspended.

Each green thread runs on an interpreter thread state of its own (Pyodide gives every
suspendable stack one). Turning tracing or profiling on or off for any thread makes CPython
walk the frames of *every* thread state, to instrument the code they are executing. The
chain of a suspended stack runs through frames that live on its C stack, and while a stack
is suspended that memory holds another stack's data: following it made the WebAssembly
engine trap ("memory access out of bounds", a fatal error of the interpreter).

``with_other_stacks_hidden`` runs such a call with every other thread state's frame chain
set aside for its duration, so CPython walks the running thread's frames only. The code
the suspended threads execute is instrumented anyway when they next call or resume a
function, which is all a thread whose tracing did not change needs.

The field's place is CPython 3.14's on 32-bit WebAssembly; it is checked against fields
whose values are known before anything is written, and if they differ the call is made
as it is.
"""

import ctypes
import sys
from collections.abc import Callable
from typing import Any

from ._scheduler import critical

# ``PyThreadState``'s fields in 32-bit words: ``interp`` is the third, ``py_recursion_limit``
# the tenth and ``current_frame`` (the innermost frame, head of the chain) the fourteenth.
_INTERP, _RECURSION_LIMIT, _CURRENT_FRAME = 2, 9, 13
_Words = ctypes.c_uint32 * (_CURRENT_FRAME + 1)


def _function(name: str, restype: Any, *argtypes: Any) -> Any:
    function = getattr(ctypes.pythonapi, name)
    function.restype = restype
    function.argtypes = list(argtypes)
    return function


# The C API's functions, looked up on first use: a looked-up function's address is made when
# it is looked up and is not part of the interpreter's image, which holds this module.
_api: dict[str, Any] = {}


def _c(name: str) -> Any:
    if not _api:
        _api["current"] = _function("PyThreadState_Get", ctypes.c_void_p)
        _api["interpreter"] = _function("PyInterpreterState_Get", ctypes.c_void_p)
        _api["head"] = _function("PyInterpreterState_ThreadHead", ctypes.c_void_p, ctypes.c_void_p)
        _api["next"] = _function("PyThreadState_Next", ctypes.c_void_p, ctypes.c_void_p)
    return _api[name]


def _fields(tstate: int) -> Any:
    return _Words.from_address(tstate)


def _layout_known() -> bool:
    """Whether this interpreter's thread states have the layout this module writes to."""
    if ctypes.sizeof(ctypes.c_void_p) != 4 or sys.version_info[:2] != (3, 14):
        return False
    fields = _fields(_c("current")())
    return fields[_INTERP] == _c("interpreter")() and fields[_RECURSION_LIMIT] == sys.getrecursionlimit()


def with_other_stacks_hidden(call: Callable[..., Any], *args: Any) -> Any:
    """``call(*args)``, with the frames of every thread state but the running one hidden."""
    critical[0] += 1  # No switch to another thread while their frames are set aside.
    try:
        if not _layout_known():
            return call(*args)
        me = _c("current")()
        hidden: list[tuple[Any, int]] = []
        tstate = _c("head")(_c("interpreter")())
        while tstate:
            if tstate != me:
                fields = _fields(tstate)
                hidden.append((fields, fields[_CURRENT_FRAME]))
                fields[_CURRENT_FRAME] = 0
            tstate = _c("next")(tstate)
        try:
            return call(*args)
        finally:
            for fields, frame in hidden:
                fields[_CURRENT_FRAME] = frame
    finally:
        critical[0] -= 1
