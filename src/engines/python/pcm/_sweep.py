"""What modules made before the green thread layer existed becomes green.

Pyodide imports asyncio and threading as it starts, and the interpreter image holds more
modules. Their module-level references to ``_thread`` and ``_queue`` (the modules, or
functions and types taken from them), their module-level locks and queues, and those of
the objects they hold (a logging handler's lock, the main thread's events) were made with
the interpreter's own primitives, which can never be waited for here: a green thread
waiting on one would freeze the page. ``make_green`` swaps each for its green
counterpart, in the same state; a lock held at that moment is left as it is.
"""

import _queue
import _thread
import sys
import threading
import types
from typing import Any

from ._locks import REAL_LOCK, REAL_RLOCK, GreenLock, GreenRLock

REAL_QUEUE = _queue.SimpleQueue
_SYNC = (threading.Condition, threading.Event, threading.Semaphore, threading.Barrier)


def _green_value(value: Any, same: dict[int, Any]) -> Any:
    """The green counterpart of ``value``, or ``value`` itself."""
    kind = type(value)
    if kind is REAL_LOCK:
        return value if value.locked() else GreenLock()
    if kind is REAL_RLOCK:
        return value if value._is_owned() or repr(value).startswith("<locked") else GreenRLock()
    if kind is REAL_QUEUE:
        return value if not value.empty() else sys.modules["_queue"].SimpleQueue()
    if isinstance(value, _SYNC):
        _renew(value)
        return value
    return same.get(id(value), value)


def _renew(sync: Any) -> None:
    """Gives a threading Condition (or an Event, Semaphore, Barrier: each holds one) a green
    lock in place of an idle interpreter lock."""
    condition = sync if isinstance(sync, threading.Condition) else getattr(sync, "_cond", None)
    if not isinstance(condition, threading.Condition) or condition._waiters:
        return
    lock = condition._lock
    kind = type(lock)
    if kind is REAL_LOCK and not lock.locked():
        condition.__init__(GreenLock())
    elif kind is REAL_RLOCK and not repr(lock).startswith("<locked"):
        condition.__init__(GreenRLock())


# Most of what a module holds (some 15,000 values in all) is of a type that is never a
# primitive and holds none a level down: it is passed over at a glance. Modules, classes
# and C functions may be ``_thread``'s or ``_queue``'s own, so they are only looked up.
_INERT = frozenset(
    {str, int, float, bool, bytes, type(None), tuple, list, dict, set, frozenset, types.FunctionType}
    | {property, staticmethod, classmethod}
)
_NAMED = frozenset({types.ModuleType, types.BuiltinFunctionType, type})


def _sweep_namespace(namespace: dict[str, Any], same: dict[int, Any], depth: int) -> None:
    for name, value in list(namespace.items()):
        kind = type(value)
        if kind in _INERT:
            continue
        if kind in _NAMED:
            green = same.get(id(value), value)
            if green is not value:
                namespace[name] = green
            continue
        green = _green_value(value, same)
        if green is not value:
            namespace[name] = green
        elif depth and _is_plain_object(value):
            _sweep_namespace(object.__getattribute__(value, "__dict__"), same, depth - 1)


def _is_plain_object(value: Any) -> bool:
    """An instance (of a class written in Python) whose attributes may hold primitives."""
    if isinstance(value, (type, types.ModuleType, types.FunctionType)):
        return False
    try:
        return isinstance(object.__getattribute__(value, "__dict__"), dict)
    except AttributeError:
        return False


def make_green(green_thread: types.ModuleType, green_queue: types.ModuleType, skip: str) -> None:
    """Swaps the interpreter's primitives in every loaded module (but those whose name
    starts with ``skip``) for the green ones, one level into the objects they hold."""
    same: dict[int, Any] = {id(_thread): green_thread, id(_queue): green_queue}
    for real, green in ((_thread, green_thread), (_queue, green_queue)):
        for name, value in vars(real).items():
            replacement = getattr(green, name, value)
            if replacement is not value and not name.startswith("__"):
                same[id(value)] = replacement
    for name, module in list(sys.modules.items()):
        if not isinstance(module, types.ModuleType) or name.startswith((skip, "_pcm", "js", "pyodide_js")):
            continue
        try:
            _sweep_namespace(module.__dict__, same, depth=1)
        except Exception:  # noqa: BLE001, S112 - an odd module (a proxy, a lazy loader) keeps its own.
            continue
    main = threading._main_thread
    _sweep_namespace(main.__dict__, same, depth=1)
