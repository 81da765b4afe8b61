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

Works on Python 3.8 and later, because it runs on whichever CPython a contributor has.
"""

import atexit
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
    wall_start = time.perf_counter()
    cpu_start = time.process_time()
    children_start = children_cpu_s()

    def write_report() -> None:
        wall = time.perf_counter() - wall_start
        own = time.process_time() - cpu_start
        children = children_cpu_s() - children_start
        figures = {
            "wall_ms": wall * 1000,
            "cpu_ms": (own + children) * 1000,
            "self_cpu_ms": own * 1000,
            "children_cpu_ms": children * 1000,
        }
        with open(report, "w", encoding="utf-8") as out:
            json.dump(figures, out)

    # Exit handlers run last-registered first, so this one, registered before the program
    # can register any, runs after all of them (multiprocessing's included).
    atexit.register(write_report)
    sys.argv = [program]
    sys.path[0] = os.path.dirname(program)
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
