"""Runs one program as `python3 program.py` would, and reports what it cost.

    python3 measure.py PROGRAM REPORT   runs PROGRAM, then writes its figures to REPORT (JSON)
    python3 measure.py --about          prints a description of this Python and machine (JSON)

The program itself is not changed: it runs as `__main__` from its own file, so the
multiprocessing spawn and forkserver methods can re-import it in children, and its
tracebacks name its own lines. Figures are taken at the very end of the interpreter's life
(the last exit handler), after non-daemon threads were joined and multiprocessing reaped its
children, so they cover everything the program started:

- wall_ms: from just before the program's first line to that point;
- cpu_ms: this process's CPU time (every thread) plus that of every child it waited for;
- self_cpu_ms and children_cpu_ms: the two parts.

The standard-library modules the program imports are imported before the clock starts, as
the browser's interpreter has the usual ones loaded before a reader's program starts (its
runtime uses asyncio, threading, concurrent.futures and multiprocessing itself): importing
asyncio costs tens of milliseconds once, which is not what any snippet measures.

Works on Python 3.8 and later, because it runs on whichever CPython a contributor has.
"""

import ast
import atexit
import importlib
import json
import os
import platform
import resource
import runpy
import sys
import time
import traceback


def children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def processor_name() -> str:
    """The CPU model from /proc/cpuinfo where there is one, else what platform knows."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                key, _, value = line.partition(":")
                if key.strip() in ("model name", "Hardware", "Processor") and value.strip():
                    return value.strip()
    except OSError:
        pass
    return platform.processor()


def imported_modules(source: str) -> list:
    """The absolute imports anywhere in a program: (module, names taken from it)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.module, [alias.name for alias in node.names]))
    return found


def preimport(source: str) -> None:
    """Imports the standard-library modules a program uses, so their one-time cost is not timed."""
    stdlib = getattr(sys, "stdlib_module_names", None)
    for module, names in imported_modules(source):
        if stdlib is not None and module.partition(".")[0] not in stdlib:
            continue
        try:
            loaded = importlib.import_module(module)
            # Some names are submodules loaded on first use (concurrent.futures' executors).
            for name in names:
                getattr(loaded, name, None)
        except Exception:
            # The program will meet the same error itself, where it can be seen.
            pass


def about() -> dict:
    # Imported only here: importing it before a program runs would register its exit
    # handler ahead of the one that takes the final figures.
    import multiprocessing

    return {
        "implementation": platform.python_implementation(),
        "python": platform.python_version(),
        "cores": os.cpu_count(),
        "machine": platform.machine(),
        "processor": processor_name(),
        "system": platform.system(),
        "start_method": multiprocessing.get_start_method(),
    }


def run(program: str, report: str) -> None:
    program = os.path.abspath(program)
    start = {}

    def write_report() -> None:
        wall = time.perf_counter() - start["wall"]
        own = time.process_time() - start["cpu"]
        children = children_cpu_s() - start["children"]
        figures = {
            "wall_ms": wall * 1000,
            "cpu_ms": (own + children) * 1000,
            "self_cpu_ms": own * 1000,
            "children_cpu_ms": children * 1000,
        }
        with open(report, "w", encoding="utf-8") as out:
            json.dump(figures, out)

    # Exit handlers run last-registered first, so this one, registered before any module the
    # program uses can register one, runs after all of them (multiprocessing's included).
    atexit.register(write_report)
    sys.argv = [program]
    sys.path[0] = os.path.dirname(program)
    with open(program, encoding="utf-8") as source:
        preimport(source.read())
    start.update(wall=time.perf_counter(), cpu=time.process_time(), children=children_cpu_s())
    try:
        runpy.run_path(program, run_name="__main__")
    except SystemExit:
        raise
    except BaseException as error:
        # Print the traceback CPython would print: from the program's first frame on,
        # without this wrapper's and runpy's frames.
        tb = error.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename != program:
            tb = tb.tb_next
        traceback.print_exception(type(error), error, tb)
        sys.exit(1)


if __name__ == "__main__":
    if sys.argv[1:] == ["--about"]:
        print(json.dumps(about()))
    elif len(sys.argv) == 3:
        run(sys.argv[1], sys.argv[2])
    else:
        sys.exit(__doc__)
