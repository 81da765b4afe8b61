"""Where the browser's processes enter ``multiprocessing``: at the depth CPython looks.

``multiprocessing.Queue()``, ``Lock()``, ``Value()``, ``Pool()`` … stay CPython's own (bound
methods of the default context), and each imports its class from a module at every call
(``multiprocessing.queues``, ``synchronize``, ``connection``, ``sharedctypes``). The site's
classes are put there, under CPython's names, so every context (``get_context('spawn')``)
makes them, they pickle by reference, and CPython's own siblings of them (ThreadPool,
``multiprocessing.dummy``) stay untouched. Pyodide cannot import the modules that need
``_multiprocessing``; those get a module of the same name holding only the site's classes.

The machine's facts are the reader's: as many CPUs as the browser reports (Pyodide says 1).
"""

import importlib
import os
import posix
import sys
import types
from collections.abc import Callable
from typing import Any

import _pcm_proc

from . import _connections, _processes, _queues, _shared, _shm, _sync
from ._mimic import dress, like


@like(posix.cpu_count)
def _cpu_count() -> int:
    return int(_pcm_proc.cpu_count())


def _process_cpu_count() -> int:
    """The number of logical CPUs this process may use: here, every core the browser reports."""
    return _cpu_count()


dress(_process_cpu_count, "os", "process_cpu_count")


def machine_facts() -> None:
    """``os.cpu_count()`` follows the browser, and so (as in CPython) do ``multiprocessing.cpu_count()``
    and the default sizes of ``Pool()``, ``ProcessPoolExecutor()`` and ``ThreadPoolExecutor()``."""
    os.cpu_count = posix.cpu_count = _cpu_count
    os.process_cpu_count = _process_cpu_count


def _unsupported(name: str, reason: str) -> Callable[..., Any]:
    def refuse(*args: object, **kwargs: object) -> Any:
        raise NotImplementedError(f"multiprocessing.{name} is not available here: {reason}")

    refuse.__name__ = refuse.__qualname__ = name.rsplit(".", 1)[-1]
    return refuse


_BETWEEN = "use a Queue, an Event or a Lock between processes."
_SHAREABLE = (
    "a ShareableList lives in a block mapped into the interpreter's own memory, and Pyodide cannot "
    "map a SharedArrayBuffer there. Use multiprocessing.Array or a SharedMemory block."
)


def _implementations() -> dict[str, dict[str, Any]]:
    """Module -> the names CPython's context methods (and readers) take from it."""
    return {
        "multiprocessing.queues": {
            "Queue": _queues.Queue,
            "JoinableQueue": _queues.JoinableQueue,
            "SimpleQueue": _queues.SimpleQueue,
        },
        "multiprocessing.connection": {
            "Pipe": _connections.Pipe,
            "Connection": _connections.Connection,
            "wait": _connections.wait,
        },
        "multiprocessing.synchronize": {
            "Lock": _sync.Lock,
            "RLock": _sync.RLock,
            "Semaphore": _sync.Semaphore,
            "BoundedSemaphore": _sync.BoundedSemaphore,
            "Event": _sync.Event,
            "Condition": _unsupported("Condition", _BETWEEN),
            "Barrier": _unsupported("Barrier", _BETWEEN),
        },
        "multiprocessing.sharedctypes": {
            "Value": _shared.Value,
            "Array": _shared.Array,
            "RawValue": _shared.RawValue,
            "RawArray": _shared.RawArray,
        },
        "multiprocessing.shared_memory": {
            "SharedMemory": _shm.SharedMemory,
            "ShareableList": _unsupported("shared_memory.ShareableList", _SHAREABLE),
        },
    }


# Modules Pyodide cannot import, and the C part each lacks: they are not even tried, since a
# failed import still reads and compiles the module first (twice, from the standard library's
# zip file), which took 0.17 s of every interpreter's start-up.
_LACKING = {
    "multiprocessing.synchronize": ("_multiprocessing", "SemLock"),
    "multiprocessing.shared_memory": ("_posixshmem", None),
}


def _importable(name: str) -> bool:
    """False if ``name`` is known to fail here (see _LACKING), as its import would."""
    if name not in _LACKING or name in sys.modules:
        return True
    needed, attribute = _LACKING[name]
    try:
        module = importlib.import_module(needed)
    except ImportError:
        return False
    return attribute is None or hasattr(module, attribute)


def _module(name: str) -> types.ModuleType:
    """The module ``name``, or (when Pyodide cannot import it) an empty one in its place."""
    try:
        if not _importable(name):
            raise ImportError(name)
        return importlib.import_module(name)
    except ImportError:
        module = types.ModuleType(name)
        sys.modules[name] = module
        parent, _, child = name.rpartition(".")
        setattr(sys.modules[parent], child, module)
        return module


def _no_fork(self: Any) -> None:
    raise ValueError(_processes.NO_FORK.format(method=self._name))


def _refuse(name: str) -> Callable[[Any], None]:
    """``_check_available`` of a context whose start method the browser does not have."""

    def _check_available(self: Any) -> None:
        _no_fork(self)

    return dress(_check_available, "multiprocessing.context", f"{name}._check_available")


def install() -> None:
    """Puts the site's classes where CPython's ``multiprocessing`` looks for them."""
    import multiprocessing
    import multiprocessing.context as context
    import multiprocessing.process

    for module_name, members in _implementations().items():
        module = _module(module_name)
        for name, value in members.items():
            setattr(module, name, dress(value, module_name, name, getattr(module, name, None)))
    # The pool module took connection.wait by name when it was imported.
    import multiprocessing.pool

    multiprocessing.pool.wait = _connections.wait
    # Process: every context's, the default one's and the module's are the site's.
    process = dress(_processes.Process, "multiprocessing.context", "Process", context.Process)
    for owner in (context, context.DefaultContext):
        owner.Process = process
    multiprocessing.Process = process
    # The spawn context's own class, as in CPython (the browser's processes all spawn).
    spawn_process = type("SpawnProcess", (process,), {"_start_method": "spawn", "__module__": context.__name__})
    spawn_process = dress(spawn_process, "multiprocessing.context", "SpawnProcess", context.SpawnProcess)
    context.SpawnProcess = context.SpawnContext.Process = spawn_process
    for name in ("current_process", "parent_process", "active_children"):
        function = getattr(_processes, name)
        dress(function, "multiprocessing.process", name, getattr(multiprocessing.process, name))
        for owner in (multiprocessing.process, multiprocessing):
            setattr(owner, name, function)
        setattr(context.BaseContext, name, staticmethod(function))
    # Start methods: spawn is the default and the only one; the others say why not.
    spawn = context._concrete_contexts["spawn"]
    context._default_context._default_context = spawn
    for name, ctx in context._concrete_contexts.items():
        if name != "spawn":
            type(ctx)._check_available = _refuse(type(ctx).__qualname__)

    def get_all_start_methods(self: Any) -> list[str]:
        """The start methods this platform has, the default first: only spawn here."""
        return ["spawn"]

    original = context.DefaultContext.get_all_start_methods
    context.DefaultContext.get_all_start_methods = dress(
        get_all_start_methods, "multiprocessing.context", "DefaultContext.get_all_start_methods", original
    )
    multiprocessing.get_all_start_methods = context._default_context.get_all_start_methods


def begin_run() -> None:
    """A new program chooses its start method afresh."""
    import multiprocessing.context

    multiprocessing.context._default_context._actual_context = None
