"""Puts the browser's processes into the standard ``multiprocessing`` and ``concurrent.futures``.

``install`` patches the packages once per interpreter (the page's and every child's);
``begin_run``/``finish_run``/``end_run`` bracket each run of the reader's program in the
page's interpreter (_runtime calls them).
"""

import itertools
import sys
import types
from collections.abc import Callable
from typing import Any

import _pcm_proc

from . import _futures, _hub, _jobs, _manager, _pool, _processes, _queues, _shared, _shm, _sync, _trace


def _unsupported(name: str, reason: str) -> Callable[..., Any]:
    def refuse(*args: object, **kwargs: object) -> Any:
        raise NotImplementedError(f"multiprocessing.{name} is not available here: {reason}")

    refuse.__name__ = name
    return refuse


def _shared_memory_module() -> types.ModuleType:
    module = types.ModuleType("multiprocessing.shared_memory")
    reason = (
        "a ShareableList lives in a block mapped into the interpreter's own memory, and Pyodide cannot "
        "map a SharedArrayBuffer there. Use multiprocessing.Array or a SharedMemory block."
    )
    module.SharedMemory = _shm.SharedMemory
    module.ShareableList = _unsupported("shared_memory.ShareableList", reason)
    return module


def install(lane: Callable[[], str] = lambda: "MainThread") -> None:
    """Patches ``multiprocessing`` and ``concurrent.futures`` with the browser's processes
    (fourth of the package's patches); ``lane`` names the lane the process layer records on."""
    _hub.state["lane"] = lane
    import concurrent.futures
    import concurrent.futures._base
    import concurrent.futures.process
    import multiprocessing
    import multiprocessing.context
    import multiprocessing.pool

    names = {
        "Process": _processes.Process,
        "current_process": _processes.current_process,
        "parent_process": _processes.parent_process,
        "active_children": _processes.active_children,
        "cpu_count": _processes.cpu_count,
        "get_start_method": _processes.get_start_method,
        "get_all_start_methods": _processes.get_all_start_methods,
        "set_start_method": _processes.set_start_method,
        "get_context": _processes.get_context,
        "freeze_support": _processes.freeze_support,
        "Queue": _queues.Queue,
        "JoinableQueue": _queues.JoinableQueue,
        "SimpleQueue": _queues.SimpleQueue,
        "Pipe": _queues.Pipe,
        "Pool": _pool.Pool,
        "Lock": _sync.Lock,
        "RLock": _sync.RLock,
        "Semaphore": _sync.Semaphore,
        "BoundedSemaphore": _sync.BoundedSemaphore,
        "Event": _sync.Event,
        "Value": _shared.Value,
        "Array": _shared.Array,
        "RawValue": _shared.RawValue,
        "RawArray": _shared.RawArray,
        "Condition": _unsupported("Condition", "use a Queue, an Event or a Lock between _processes."),
        "Barrier": _unsupported("Barrier", "use a Queue, an Event or a Lock between _processes."),
    }
    for name, value in names.items():
        setattr(multiprocessing, name, value)
    multiprocessing.context.BaseContext.get_start_method = lambda self, allow_none=False: "spawn"
    multiprocessing.pool.Pool = _pool.Pool
    multiprocessing.pool.AsyncResult = _jobs.AsyncResult
    multiprocessing.pool.RemoteTraceback = _jobs.RemoteTraceback
    shared_memory = _shared_memory_module()
    sys.modules["multiprocessing.shared_memory"] = shared_memory
    multiprocessing.shared_memory = shared_memory

    for module in (concurrent.futures, concurrent.futures.process):
        module.ProcessPoolExecutor = _futures.ProcessPoolExecutor
    concurrent.futures.process.BrokenProcessPool = _futures.BrokenProcessPool
    for module in (concurrent.futures, concurrent.futures._base):
        module.as_completed = _futures.as_completed
        module.wait = _futures.wait
    _manager.install()


def begin_run(source: str, main: types.ModuleType) -> None:
    """A new program: fresh process names and counters; children will re-run ``source``."""
    _hub.state.update(source=source, used=False, bootstrapping=False)
    _hub.state["origin_abs"] = _pcm_proc.now() - _hub.clock()
    _processes._counter = itertools.count(1)
    _processes._children.clear()
    # As CPython's spawn does in the parent: objects of __mp_main__ (pickled by a child) resolve here.
    sys.modules["__mp_main__"] = main


def finish_run() -> None:
    """At exit a parent waits for its non-daemon children, as CPython's atexit hook does
    (after its managers shut down)."""
    _manager.at_exit()
    for child in list(_processes._children):
        if not child.daemon:
            child.join()


def end_run() -> list[str]:
    """Ends the children still running and adds their lanes to the trace; returns the lanes."""
    sys.modules.pop("__mp_main__", None)
    _manager.end_run()
    if not _hub.state["used"]:
        return []
    _hub.state["used"] = False
    try:
        events = _hub.call("end_run")
    except BaseException:  # noqa: BLE001 - a second Stop here must not hide the run's own result.
        return []
    origin = _hub.state["origin_abs"]
    lanes: list[str] = []
    for lane, kind, start, end, label in events.to_py():
        _trace.record(lane, kind, start - origin, end - origin, label)
        if lane not in lanes:
            lanes.append(lane)
    return lanes
