"""Green threads under a GIL, for the site's Python worker.

Pyodide cannot start OS threads, so each ``threading.Thread`` here runs on its own
suspendable WebAssembly stack (JavaScript Promise Integration): the worker starts the
thread's bootstrap with ``callPromising``, and a thread that must wait suspends its whole
stack with ``run_sync(promise)``. Who runs next is decided by the worker's GIL scheduler
(``gil.ts``), whose promises mean "you hold the GIL now". Blocking calls (sleep, lock
waits, join) release the GIL; a thread that computes is asked to drop it every switch
interval (``pcm_preempt``); the main thread's event loop takes part (``pcm_thread_loop``).

``install(record, now_ms)`` patches the already-imported ``threading`` module (and
``time.sleep``) to use these primitives; the stdlib's own ``threading``, ``queue`` and
``concurrent.futures`` code then runs unchanged on top of them.
"""

import collections
import signal
import sys
import threading

import _thread as _real_thread

import _pcm_js
from js import performance
from pyodide.ffi import create_proxy, run_sync

OWN_FILES = "/home/pyodide/pcm_"  # The site's own helpers, never the reader's code.
MAIN_IDENT = _real_thread.get_ident()

_gil = _pcm_js.gil
_record = _now_ms = None  # Set by install().
_names = {}


# Above zero while the running stack is inside one of the primitives below (a lock, a
# join, a thread start): they are atomic, as CPython's C-level ones are, and a switch
# between "I will wait for this lock" and the wait itself would lose the wake-up. A
# stack's count is put aside while it is suspended, so this works as a per-thread value.
critical = [0]


def _lane(ident):
    thread = threading._active.get(ident)
    if thread is not None:
        return thread._name  # Not the property: no Python-level call inside a primitive.
    return _names.get(ident) or ("MainThread" if ident == MAIN_IDENT else f"Thread-{ident}")


class _Run:
    """What the current run has done with threads, for its trace and summary."""

    def __init__(self):
        self.threads = 0  # Started and not finished.
        self.traced = False  # Spans are recorded once a run starts a thread.
        self.longest_wait = 0.0
        self.run_started = 0.0
        self.lanes = set()

    def note(self, ident, kind, start, end, label=None):
        if self.traced and end > start:
            lane = _lane(ident)
            self.lanes.add(lane)
            _record(lane, kind, start, end, label)

    def suspend(self, ident, promise, kind=None, label=None):
        """Suspends this thread's stack until the scheduler grants it the GIL; records the wait."""
        start = _now_ms()
        self.note(ident, "run", self.run_started, start)
        depth, critical[0] = critical[0], 0
        try:
            grant = run_sync(promise)
        finally:
            critical[0] = depth
        # Stop (or interrupt_main) is meant for the main thread: it raises here, in the call
        # the main thread was waiting in, as Ctrl-C interrupts a blocking call in CPython.
        if ident == MAIN_IDENT and _pcm_js.take_interrupt():
            raise KeyboardInterrupt
        now = _now_ms()
        ready = max(start, now - max(0.0, performance.now() - grant.readyAt))
        if kind is not None:
            self.note(ident, kind, start, ready, label)
        else:
            ready = start
        if self.traced:
            self.longest_wait = max(self.longest_wait, now - ready)
        self.note(ident, "gil-wait", ready, now)
        self.run_started = now
        return grant.reason


_run = _Run()


def _block(kind, label, timeout=None):
    """Releases the GIL around a wait (sleep, lock, join), as CPython's blocking calls do."""
    ident = get_ident()
    timeout_ms = -1 if timeout is None or timeout < 0 else timeout * 1000.0
    what = label if kind == "sleep" else f"a {label}{_where()}"
    reason = _run.suspend(ident, _gil.block(ident, _lane(ident), what, timeout_ms), kind, label)
    if reason == "deadlock":
        raise DeadlockError(_gil.deadlockReport())
    return reason


class DeadlockError(RuntimeError):
    """Raised in the main thread when the site detects that every thread is stuck."""


DeadlockError.__module__ = "builtins"


def _where():
    """Where the reader's code is waiting: the innermost frame of the snippet."""
    frame = sys._getframe(2)
    while frame is not None and frame.f_code.co_filename != "<snippet>":
        frame = frame.f_back
    if frame is None:
        return ""
    return f" at line {frame.f_lineno}, in {frame.f_code.co_name}"


# Each green thread runs on its own stack, whose first Python frame is its bootstrap: the
# thread is identified by that frame, so the answer is right whichever stack asks.
_bottom_frames = {}


def _stack_owner():
    """The thread whose stack this is, or None for Python that JavaScript called on its own
    stack (an event-loop callback, run_sync's helper tasks)."""
    frame = sys._getframe(1)
    while frame.f_back is not None:
        frame = frame.f_back
    return _bottom_frames.get(id(frame))


def get_ident():
    owner = _stack_owner()
    # Event-loop callbacks run the main thread's asyncio code.
    return MAIN_IDENT if owner is None else owner


def get_native_id():
    return get_ident()


class LockType:
    """A lock whose waiters suspend (releasing the GIL) instead of blocking the worker."""

    def __init__(self):
        self._locked = False
        self._waiters = collections.deque()

    def acquire(self, blocking=True, timeout=-1):
        if not self._locked:
            self._locked = True
            return True
        if not blocking:
            return False
        critical[0] += 1
        try:
            return self._wait(timeout)
        finally:
            critical[0] -= 1

    def _wait(self, timeout):
        ident = get_ident()
        deadline = None if timeout is None or timeout < 0 else _now_ms() + timeout * 1000.0
        while True:
            self._waiters.append(ident)
            left = None if deadline is None else max(0.0, deadline - _now_ms()) / 1000.0
            try:
                reason = _block("blocked", "lock", left)
            finally:
                if ident in self._waiters:
                    self._waiters.remove(ident)
            # As in CPython, a woken waiter competes for the lock again: the thread that
            # released it may well have taken it back meanwhile (no hand-over, no convoy).
            if not self._locked:
                self._locked = True
                return True
            if reason == "timeout" and deadline is not None and _now_ms() >= deadline:
                return False

    acquire_lock = acquire

    def release(self):
        if not self._locked:
            raise RuntimeError("release unlocked lock")
        self._locked = False
        critical[0] += 1
        try:
            while self._waiters:
                if _gil.wake(self._waiters.popleft(), "released"):
                    return
        finally:
            critical[0] -= 1

    release_lock = release

    def locked(self):
        return self._locked

    locked_lock = locked

    def _at_fork_reinit(self):
        self._locked = False
        self._waiters.clear()

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc):
        self.release()

    def __repr__(self):
        return f"<{'locked' if self._locked else 'unlocked'} green lock object at {id(self):#x}>"


def allocate_lock():
    return LockType()


class _ThreadHandle:
    def __init__(self, ident=None):
        self.ident = ident
        self._done = False
        self._joiners = []

    def is_done(self):
        return self._done

    def _set_done(self):
        self._done = True
        for ident in self._joiners:
            _gil.wake(ident, "done")
        self._joiners.clear()

    def join(self, timeout=None):
        if self._done:
            return
        if self.ident == get_ident():
            raise RuntimeError("Cannot join current thread")
        ident = get_ident()
        critical[0] += 1
        try:
            self._joiners.append(ident)
            _block("blocked", "thread to finish (join)", timeout)
        finally:
            if ident in self._joiners:
                self._joiners.remove(ident)
            critical[0] -= 1


_next_ident = [MAIN_IDENT + 1]


def start_joinable_thread(function, handle=None, daemon=True):
    critical[0] += 1
    try:
        return _start(function, handle)
    finally:
        critical[0] -= 1


def _start(function, handle):
    if handle is None:
        handle = _ThreadHandle()
    ident = _next_ident[0]
    _next_ident[0] += 1
    handle.ident = ident
    _run.threads += 1
    _run.traced = True
    # threading passes Thread._bootstrap: its owner names the lane before the thread registers.
    owner = getattr(function, "__self__", None)
    if owner is not None:
        _names[ident] = owner.name
        # Thread.start waits for the new thread to report in, which hands it the GIL at
        # once, as in CPython. That wait must not block an event-loop callback (to_thread
        # starts threads from one), so there the new thread is reported in here instead.
        if isinstance(owner, threading.Thread) and _stack_owner() is None:
            owner._ident = owner._native_id = ident
            owner._started.set()
    # The thread queues for the GIL now, so the running thread is asked to hand it over at
    # its next switch interval even if it never lets the browser's event loop turn.
    granted = _gil.start(ident)

    def bootstrap():
        _bottom_frames[id(sys._getframe())] = ident
        _run.run_started = _now_ms()
        _run.suspend(ident, granted)
        try:
            function()
        finally:
            handle._set_done()
            _run.threads -= 1
            _bottom_frames.pop(id(sys._getframe()), None)
            _run.note(ident, "run", _run.run_started, _now_ms())
            _gil.exit(ident)

    proxy = create_proxy(bootstrap)
    _pcm_js.spawn(proxy)
    return handle


def _make_thread_handle(ident):
    return _ThreadHandle(ident)


def _sleep(seconds):
    seconds = float(seconds)
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    critical[0] += 1
    try:
        _block("sleep", "time.sleep", seconds)
    finally:
        critical[0] -= 1


_sleep.__name__ = _sleep.__qualname__ = "sleep"


def install(record, now_ms):
    """Points the threading module at the green primitives."""
    global _record, _now_ms
    _record, _now_ms = record, now_ms
    import _threading_local

    sys.modules["_queue"] = None  # queue falls back to its pure-Python SimpleQueue.
    patches = {
        "_start_joinable_thread": start_joinable_thread,
        "_allocate_lock": allocate_lock,
        "_LockType": LockType,
        "Lock": LockType,
        "_CRLock": None,
        "_make_thread_handle": _make_thread_handle,
        "_ThreadHandle": _ThreadHandle,
        "get_ident": get_ident,
        "get_native_id": get_native_id,
        "local": _threading_local.local,
    }
    for name, value in patches.items():
        setattr(threading, name, value)
    threading._active_limbo_lock = threading._PyRLock()
    _make_module_locks_green()
    # Pyodide has no native thread ids, so threading left out native_id; green threads have them.
    threading._HAVE_THREAD_NATIVE_ID = True
    threading.Thread._set_native_id = lambda self: setattr(self, "_native_id", get_native_id())
    threading.Thread.native_id = property(lambda self: getattr(self, "_native_id", None))
    threading.main_thread()._native_id = MAIN_IDENT
    sys.setswitchinterval = _setswitchinterval
    signal.signal(signal.SIGINT, _on_sigint)
    # Imported here: both build on this module's definitions.
    import pcm_preempt
    import pcm_thread_loop

    pcm_preempt.install()
    pcm_thread_loop.install()
    return _sleep


def _make_module_locks_green():
    """Locks that modules made before this layer was installed become green.

    Pyodide imports asyncio and threading as it starts, and the interpreter image holds more
    modules; their module-level locks are the interpreter's own, which can never be waited
    for here (a green thread waiting on one would freeze the page). Each becomes a green
    lock (or RLock) of the same state, and queue's SimpleQueue the pure-Python one that
    waits through green locks.
    """
    real_lock, real_rlock = type(_real_thread.allocate_lock()), _real_thread.RLock
    for module in list(sys.modules.values()):
        namespace = getattr(module, "__dict__", None)
        if not isinstance(namespace, dict) or getattr(module, "__name__", "").startswith("pcm_"):
            continue
        for name, value in list(namespace.items()):
            if type(value) is real_lock and not value.locked():
                namespace[name] = LockType()
            elif type(value) is real_rlock and not value._is_owned():
                namespace[name] = threading._PyRLock()
    queue = sys.modules.get("queue")
    if queue is not None:
        queue.SimpleQueue = queue._PySimpleQueue


_real_setswitchinterval = sys.setswitchinterval


def _setswitchinterval(interval):
    """As in CPython, and the page's switch ticker follows the new interval."""
    _real_setswitchinterval(interval)
    _pcm_js.set_switch_interval(sys.getswitchinterval())


def begin_run():
    global _run
    # run_snippet, which called this, is the main thread's first frame.
    _bottom_frames.clear()
    _bottom_frames[id(sys._getframe(1))] = MAIN_IDENT
    _setswitchinterval(0.005)
    _gil.reset()
    import pcm_thread_loop

    pcm_thread_loop.due_callbacks.clear()
    _run = _Run()
    _run.run_started = _now_ms()


def threads_alive():
    return _run.threads > 0


def _on_sigint(signum, frame):
    """SIGINT (Stop) as CPython delivers it: to the main thread only.

    The interrupt is noticed by whichever stack runs Python when it arrives. On the main
    thread's own stack it raises at once; on another thread's stack, or in Python that
    JavaScript called (an event-loop callback), it is handed to the main thread, which
    raises KeyboardInterrupt in the call it waits in (see _Run.suspend).
    """
    owner = _stack_owner()
    if owner == MAIN_IDENT:
        raise KeyboardInterrupt
    if owner is None and _in_reader_task():
        # A step of one of the main thread's own asyncio tasks: it is interrupted where it
        # runs, and the event loop hands KeyboardInterrupt on (pcm_thread_loop).
        raise KeyboardInterrupt
    interrupt_main()


def _in_reader_task():
    import asyncio

    import pcm_thread_loop

    try:
        task = asyncio.current_task()
    except RuntimeError:
        return False
    return task is not None and not pcm_thread_loop.is_internal_task(task)


def interrupt_main():
    """Raises KeyboardInterrupt in the main thread, wherever it waits (as ``_thread.interrupt_main``)."""
    import pcm_thread_loop

    _pcm_js.interrupt_main()
    pcm_thread_loop.interrupt_loop()


def join_threads():
    """Waits for non-daemon threads, as interpreter exit does (threading._shutdown)."""
    # As at exit, idle executor workers are told to finish first (concurrent.futures
    # registers that with threading._register_atexit); otherwise they would wait forever.
    if _run.traced:
        import pcm_thread_loop

        for executor in pcm_thread_loop.default_executors.values():
            executor.shutdown(wait=False)
        for callback in reversed(threading._threading_atexits):
            callback()
    for thread in list(threading.enumerate()):
        if thread is not threading.main_thread() and not thread.daemon:
            thread.join()


def run_stats():
    """The run's thread statistics for the page (empty if it started no thread); records main's last slice."""
    if not _run.traced:
        return {}  # No thread was started: nothing to report.
    _run.note(MAIN_IDENT, "run", _run.run_started, _now_ms())
    return {
        # Daemon threads still alive: in CPython they die with the process.
        "leftover": _run.threads,
        "switches": _gil.switches,
        "longest_gil_wait_ms": round(_run.longest_wait, 2),
        "lanes": sorted(_run.lanes),
    }
