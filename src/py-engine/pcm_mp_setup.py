"""Puts the browser's processes into the standard ``multiprocessing`` and ``concurrent.futures``.

``install`` patches the packages once per interpreter; ``begin_run``/``finish_run``/``end_run``
bracket each run of the reader's program in the parent (pcm_runtime calls them), and
pcm_child uses ``install`` in every child.
"""

import sys
import types

import pcm_processes as core
import pcm_mp_futures
import pcm_mp_pool
import pcm_mp_queues
import pcm_mp_shared
import pcm_mp_shm
import _pcm_proc

_installed = []


def _unsupported(name, reason):
    def refuse(*args, **kwargs):
        raise NotImplementedError(f"multiprocessing.{name} is not available here: {reason}")

    refuse.__name__ = name
    return refuse


def _shared_memory_module():
    module = types.ModuleType("multiprocessing.shared_memory")
    reason = (
        "a ShareableList lives in a block mapped into the interpreter's own memory, and Pyodide cannot "
        "map a SharedArrayBuffer there. Use multiprocessing.Array or a SharedMemory block."
    )
    module.SharedMemory = pcm_mp_shm.SharedMemory
    module.ShareableList = _unsupported("shared_memory.ShareableList", reason)
    return module


def install(record, clock, lane=lambda: "MainThread"):
    """Patches ``multiprocessing`` and ``concurrent.futures`` with the browser's processes."""
    core._state.update(record=record, clock=clock, lane=lane)
    if _installed:
        return
    import concurrent.futures
    import concurrent.futures._base
    import concurrent.futures.process
    import multiprocessing
    import multiprocessing.context
    import multiprocessing.pool

    names = {
        "Process": core.Process,
        "current_process": core.current_process,
        "parent_process": core.parent_process,
        "active_children": core.active_children,
        "cpu_count": core.cpu_count,
        "get_start_method": core.get_start_method,
        "get_all_start_methods": core.get_all_start_methods,
        "set_start_method": core.set_start_method,
        "get_context": core.get_context,
        "freeze_support": core.freeze_support,
        "Manager": core.no_manager,
        "Queue": pcm_mp_queues.Queue,
        "JoinableQueue": pcm_mp_queues.JoinableQueue,
        "SimpleQueue": pcm_mp_queues.SimpleQueue,
        "Pipe": pcm_mp_queues.Pipe,
        "Pool": pcm_mp_pool.Pool,
        "Lock": pcm_mp_shared.Lock,
        "RLock": pcm_mp_shared.RLock,
        "Semaphore": pcm_mp_shared.Semaphore,
        "BoundedSemaphore": pcm_mp_shared.BoundedSemaphore,
        "Event": pcm_mp_shared.Event,
        "Value": pcm_mp_shared.Value,
        "Array": pcm_mp_shared.Array,
        "RawValue": pcm_mp_shared.RawValue,
        "RawArray": pcm_mp_shared.RawArray,
        "Condition": _unsupported("Condition", "use a Queue, an Event or a Lock between processes."),
        "Barrier": _unsupported("Barrier", "use a Queue, an Event or a Lock between processes."),
    }
    for name, value in names.items():
        setattr(multiprocessing, name, value)
    multiprocessing.context.BaseContext.get_start_method = lambda self, allow_none=False: "spawn"
    multiprocessing.pool.Pool = pcm_mp_pool.Pool
    multiprocessing.pool.AsyncResult = pcm_mp_pool.AsyncResult
    multiprocessing.pool.RemoteTraceback = pcm_mp_pool.RemoteTraceback
    shared_memory = _shared_memory_module()
    sys.modules["multiprocessing.shared_memory"] = shared_memory
    multiprocessing.shared_memory = shared_memory

    for module in (concurrent.futures, concurrent.futures.process):
        module.ProcessPoolExecutor = pcm_mp_futures.ProcessPoolExecutor
    concurrent.futures.process.BrokenProcessPool = pcm_mp_futures.BrokenProcessPool
    for module in (concurrent.futures, concurrent.futures._base):
        module.as_completed = pcm_mp_futures.as_completed
        module.wait = pcm_mp_futures.wait
    _patch_event_loop()
    _installed.append(True)


def _patch_event_loop():
    """Pyodide's event loop runs executor jobs inline; process-pool jobs go to the pool."""
    import asyncio

    from pyodide.webloop import WebLoop

    previous = WebLoop.run_in_executor

    def run_in_executor(self, executor, func, *args):
        if isinstance(executor, pcm_mp_futures.ProcessPoolExecutor):
            return asyncio.wrap_future(executor.submit(func, *args), loop=self)
        return previous(self, executor, func, *args)

    WebLoop.run_in_executor = run_in_executor


def begin_run(source, main):
    """A new program: fresh process names and counters; children will re-run ``source``."""
    core._state.update(source=source, used=False, bootstrapping=False)
    core._state["origin_abs"] = _pcm_proc.now() - core._clock()
    core._counter = __import__("itertools").count(1)
    core._children.clear()
    # As CPython's spawn does in the parent: objects of __mp_main__ (pickled by a child) resolve here.
    sys.modules["__mp_main__"] = main
    if "multiprocessing" in source or "ProcessPool" in source:
        # Booting child interpreters takes seconds; start now, while the program begins.
        core.send("warm", 2)


def finish_run():
    """At exit a parent waits for its non-daemon children, as CPython's atexit hook does."""
    for child in list(core._children):
        if not child.daemon:
            child.join()


def end_run():
    """Ends the children still running and adds their lanes to the trace; returns the lanes."""
    sys.modules.pop("__mp_main__", None)
    if not core._state["used"]:
        return []
    core._state["used"] = False
    try:
        events = core.call("end_run")
    except BaseException:  # noqa: BLE001 - a second Stop here must not hide the run's own result.
        return []
    origin = core._state["origin_abs"]
    record = core._state["record"]
    lanes = []
    for lane, kind, start, end, label in events.to_py():
        record(lane, kind, start - origin, end - origin, label)
        if lane not in lanes:
            lanes.append(lane)
    return lanes
