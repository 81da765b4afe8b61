"""Puts the browser's processes into the standard ``multiprocessing`` and ``concurrent.futures``.

``install`` patches the packages once per interpreter (the page's and every child's);
``begin_run``/``finish_run``/``end_run`` bracket each run of the reader's program in the
page's interpreter (_runtime calls them).
"""

import itertools
import sys
import types
from collections.abc import Callable

import _pcm_proc

from . import _contexts, _futures, _hub, _jobs, _manager, _pool, _processes, _trace
from ._mimic import dress


def install(lane: Callable[[], str] = lambda: "MainThread") -> None:
    """Patches ``multiprocessing`` and ``concurrent.futures`` with the browser's processes
    (fourth of the package's patches); ``lane`` names the lane the process layer records on."""
    _hub.state["lane"] = lane
    _contexts.machine_facts()
    import concurrent.futures
    import concurrent.futures._base
    import concurrent.futures.process
    import multiprocessing
    import multiprocessing.context
    import multiprocessing.pool

    _contexts.install()
    for replacement, module, name in (
        (_futures.ProcessPoolExecutor, concurrent.futures.process, "ProcessPoolExecutor"),
        (_futures.BrokenProcessPool, concurrent.futures.process, "BrokenProcessPool"),
        (_futures.as_completed, concurrent.futures._base, "as_completed"),
        (_futures.wait, concurrent.futures._base, "wait"),
        (_jobs.RemoteTraceback, multiprocessing.pool, "RemoteTraceback"),
        (_pool.new, multiprocessing.pool, "Pool.__new__"),
    ):
        owner, _, attribute = name.rpartition(".")
        dress(replacement, module.__name__, name, getattr(getattr(module, owner) if owner else module, attribute, None))
    multiprocessing.pool.Pool.__new__ = staticmethod(_pool.new)
    multiprocessing.pool.RemoteTraceback = _jobs.RemoteTraceback

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
    _contexts.begin_run()
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
