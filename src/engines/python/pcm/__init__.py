"""pcm ("Python concurrency, measured"): the Python side of the site's Python engine.

The page's worker imports this package into every interpreter it starts and calls
``install()`` once; a child process's interpreter calls ``prepare_child`` when it starts and
``run_child`` when it is given its process. Everything else is private: the modules patch
the standard library in place, so the reader's program uses ``threading``, ``asyncio`` and
``multiprocessing`` as in CPython.
Frames of this package never appear in the reader's tracebacks (_tracebacks).

Modules, in the order ``install()`` applies their patches (each builds on the ones before):

1. _threads (on _scheduler): green threads under a GIL. The green ``_thread`` module
   (_greenthread, with _locks) and ``_queue`` (_simplequeue) take the interpreter's
   modules' place, and what was imported before them is made green (_sweep); trace and
   profile functions see the program's frames only (_tracing), and switching them on or
   off cannot crash the interpreter while threads are suspended (_tstates). First,
   because every later step may create locks, which must be green ones.
2. _preempt: the switch interval (a computing thread is asked to drop the GIL), and
   atomic writes to ``sys.stdout``/``sys.stderr``.
3. _loop, then _lifecycle: the page's asyncio event loop shares the GIL, traces task
   steps and sleeps, and hands Stop on to ``asyncio.run``; every loop has CPython's life
   cycle (running, stopping, closing, executors, a loop per thread) and ``asyncio.run``
   is CPython's again.
4. _multiprocessing: processes on Web Workers (_hub talks to the process hub; _processes,
   _queues, _connections, _pool and _jobs, _futures, _buffers, _sync, _shared and _shm are
   the pieces; _manager, with _manager_server, _manager_locks and _manager_types, the
   managers), put where CPython's ``multiprocessing`` and ``concurrent.futures`` look for
   them (_contexts, which also makes ``os.cpu_count()`` the browser's). A thread waiting
   for a process releases the GIL meanwhile (``_threads.wait_released``).
5. _stdio and _runtime: ``input()``, ``time.sleep``, ``atexit``; ``run_snippet`` runs a
   program through interpreter exit, recording its trace (_trace).

Whatever takes the place of a standard function or class keeps its names, signature and
pickling (_mimic).

The interpreter's memory image holds the package already imported (``load``, run where the
image is made), with stand-ins for the worker's JavaScript modules; ``install`` and
``prepare_child`` first attach the modules the worker has registered since (_jsmodules).

After ``install()``, the worker calls ``prepare()`` (_prepare) once, before the reader's first
program: it pays the one-time costs of threads, switches and pickling.

A child process's interpreter runs ``prepare_child`` (_child) instead, which installs _stdio
and _multiprocessing only (a child has no thread layer of its own), and later ``run_child``. Both first read afresh what
a new process takes from where it runs (_restored: ``random``'s seed, the browser, its time
zone and language), since every interpreter starts from the same memory image.
"""

from typing import Any

__all__ = ["install", "interrupt_loop", "load", "prepare", "prepare_child", "run_child", "run_snippet"]

_installed: list[bool] = []


def load() -> None:
    """Imports every module of the package, patching nothing: the interpreter's image holds them.

    The worker's JavaScript modules are stood in for until ``install`` or ``prepare_child``
    attaches them (_jsmodules). Raises whatever a module raises on import.
    """
    import importlib
    import os
    import pkgutil

    from . import _jsmodules

    _jsmodules.stand_in()
    for module in pkgutil.iter_modules([os.path.dirname(__file__)]):
        importlib.import_module(f"{__name__}.{module.name}")


def install() -> None:
    """Patches the standard library of the page's interpreter, once, in the order above."""
    if _installed:
        return
    from . import _jsmodules

    _jsmodules.attach()
    from . import (
        _hub,
        _lifecycle,
        _loop,
        _multiprocessing,
        _preempt,
        _queues,
        _restored,
        _runtime,
        _simplequeue,
        _stdio,
        _threads,
    )

    _restored.refresh()
    _threads.install()
    _preempt.install()
    _loop.install()
    _lifecycle.install()
    _multiprocessing.install()
    _hub.use_wait(_threads.wait_released)
    _queues.use_local(_simplequeue.GreenSimpleQueue)
    _stdio.install()
    _runtime.install()
    _installed.append(True)


def run_snippet(source: str) -> Any:
    """Runs the reader's program in the page's interpreter (see _runtime.run_snippet)."""
    from ._runtime import run_snippet as run

    return run(source)


def prepare() -> None:
    """Runs, once per interpreter, what would otherwise slow the reader's first program (_prepare)."""
    from ._prepare import prepare as warm_up

    warm_up()


def interrupt_loop() -> None:
    """Stop arrived while no Python ran: a main thread waiting in ``asyncio.run`` stops waiting."""
    from ._scheduler import interrupt_loop as interrupt

    interrupt()


def prepare_child() -> None:
    """Installs what a child process needs before it knows which process it runs (_child)."""
    from . import _jsmodules

    _jsmodules.attach()
    from ._child import prepare_child as prepare

    prepare()


def run_child(*args: Any) -> tuple[int, str | None]:
    """Runs one child process in this interpreter, once prepared (see _child.run_child)."""
    from ._child import run_child as run

    return run(*args)
