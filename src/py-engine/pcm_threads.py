"""Green threads under a GIL, for the site's Python worker.

Pyodide cannot start OS threads, so each ``threading.Thread`` here runs on its own
suspendable WebAssembly stack (JavaScript Promise Integration): the worker starts the
thread's bootstrap with ``callPromising`` and a thread that must wait suspends its whole
stack with ``run_sync(promise)``. A scheduler hands a single GIL from thread to thread with
CPython's rules: blocking calls (sleep, lock waits, join) release it, and a thread that runs
Python for a switch interval is asked to drop it at its next eval-breaker check, through a
signal the page raises in the interpreter every interval.

``install(record, now_ms)`` patches the already-imported ``threading`` module (and
``time.sleep``) to use these primitives; the stdlib's own ``threading``, ``queue`` and
``concurrent.futures`` code then runs unchanged on top of them.
"""

import collections
import signal
import sys
import threading
import time

import _thread as _real_thread

import _pcm_js
import js
from pyodide.ffi import create_once_callable, create_proxy, run_sync

SWITCH_SIGNAL = 10
MAIN_IDENT = _real_thread.get_ident()
TIMEOUT_MAX = float(2**31 // 1000)

_record = None
_now_ms = None


_names = {}


def _lane(ident):
    thread = threading._active.get(ident)
    if thread is not None:
        return thread.name
    return _names.get(ident) or ("MainThread" if ident == MAIN_IDENT else f"Thread-{ident}")


class _Scheduler:
    """Owns the GIL: exactly one green thread runs Python at a time."""

    def __init__(self):
        self.holder = MAIN_IDENT
        self.waiting = collections.deque()
        self.threads = 0
        self.switches = 0
        self.longest_wait = 0.0
        self.run_started = 0.0
        self.shutting_down = False
        # Spans are recorded only once a run starts a thread; plain programs keep the simpler trace.
        self.traced = False
        # Threads left over from an earlier run (daemons) belong to an older generation and
        # unwind as soon as they run again, so they never mix with the next snippet.
        self.generation = 0
        self.born = {MAIN_IDENT: 0}
        self.lanes = set()
        # For deadlock detection: threads waiting with no timeout (and where), and how many
        # waits will end on their own (sleeps, timeouts).
        self.stuck = {}
        self.timed = 0
        self.main_resolver = None
        # Threads already woken (lock handed over, thread joined) but not yet resumed: they
        # will run, so they count as runnable even though their stacks have not moved yet.
        self.woken = set()

    def wake(self, ident, resolver, value):
        self.stuck.pop(ident, None)
        self.woken.add(ident)
        resolver.resolve(value)

    def note(self, ident, kind, start, end, label=None):
        lane = _lane(ident)
        self.lanes.add(lane)
        _record(lane, kind, start, end, label)

    def _resumed(self, ident, waited_since):
        now = _now_ms()
        if self.born.get(ident, self.generation) != self.generation:
            raise SystemExit
        if waited_since is not None and self.traced:
            self.longest_wait = max(self.longest_wait, now - waited_since)
            self.note(ident, "gil-wait", waited_since, now)
        self.run_started = now

    def release(self, ident):
        """Drops the GIL and hands it to the longest waiter, if any."""
        if self.traced:
            self.note(ident, "run", self.run_started, _now_ms())
        self.holder = None
        if self.waiting:
            next_ident, resolver = self.waiting.popleft()
            self.holder = next_ident
            self.switches += 1
            resolver.resolve(None)

    def acquire(self, ident):
        """Waits until this thread holds the GIL again."""
        since = _now_ms()
        if self.holder is None:
            self.holder = ident
            self._resumed(ident, None)
            return
        resolver = js.Promise.withResolvers()
        self.waiting.append((ident, resolver))
        run_sync(resolver.promise)
        self._resumed(ident, since)

    def switch(self):
        """The drop request: let a waiting thread run, then queue for the GIL again."""
        if not self.waiting:
            return
        ident = self.holder
        self.release(ident)
        self.acquire(ident)

    def blocking(self, ident, kind, label, promise, resolver=None, timed=True):
        """Releases the GIL around a wait (sleep, lock, join), as CPython's blocking calls do."""
        if timed:
            self.timed += 1
        else:
            self.stuck[ident] = (label, _where())
            if ident == MAIN_IDENT:
                self.main_resolver = resolver
        self.release(ident)
        if not timed:
            self._check_deadlock()
        start = _now_ms()
        try:
            result = run_sync(promise)
        finally:
            if timed:
                self.timed -= 1
            else:
                self.stuck.pop(ident, None)
            self.woken.discard(ident)
            if self.traced:
                self.note(ident, kind, start, _now_ms(), label)
            self.acquire(ident)
        if result == "deadlock":
            raise DeadlockError(self.deadlock_report)
        return result

    def _check_deadlock(self):
        """Every thread waits with no timeout and nothing will wake one: report it in the main thread."""
        live = self.threads + 1
        if self.holder is not None or self.waiting or self.timed or self.woken or len(self.stuck) < live:
            return
        if MAIN_IDENT not in self.stuck or self.main_resolver is None:
            return
        lines = ["Deadlock: every thread is waiting and none can ever wake the others."]
        for ident, (label, where) in sorted(self.stuck.items(), key=lambda item: item[0]):
            lines.append(f"  {_lane(ident)} waits for a {label}{where}")
        self.deadlock_report = "\n".join(lines)
        resolver, self.main_resolver = self.main_resolver, None
        self.wake(MAIN_IDENT, resolver, "deadlock")


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


_scheduler = _Scheduler()


def get_ident():
    return _scheduler.holder if _scheduler.holder is not None else MAIN_IDENT


def get_native_id():
    return get_ident()


def _timeout_promise(resolver, timeout):
    if timeout is not None and timeout >= 0:
        js.setTimeout(create_once_callable(lambda: resolver.resolve("timeout")), int(timeout * 1000))
    return resolver.promise


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
        resolver = js.Promise.withResolvers()
        entry = [resolver, False, get_ident()]
        self._waiters.append(entry)
        timed = timeout is not None and timeout >= 0
        _scheduler.blocking(
            get_ident(), "blocked", "lock", _timeout_promise(resolver, timeout if timed else None), resolver, timed
        )
        if entry[1]:
            return True
        # Timed out before the lock was handed over.
        self._waiters.remove(entry)
        return False

    acquire_lock = acquire

    def release(self):
        if not self._locked:
            raise RuntimeError("release unlocked lock")
        while self._waiters:
            entry = self._waiters.popleft()
            # Ownership passes straight to the next waiter; the lock stays locked.
            entry[1] = True
            _scheduler.wake(entry[2], entry[0], "granted")
            return
        self._locked = False

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
        for ident, resolver in self._joiners:
            _scheduler.wake(ident, resolver, "done")
        self._joiners.clear()

    def join(self, timeout=None):
        if self._done:
            return
        if self.ident == get_ident():
            raise RuntimeError("Cannot join current thread")
        resolver = js.Promise.withResolvers()
        self._joiners.append((get_ident(), resolver))
        timed = timeout is not None and timeout >= 0
        _scheduler.blocking(
            get_ident(), "blocked", "thread to finish (join)", _timeout_promise(resolver, timeout), resolver, timed
        )


_next_ident = [MAIN_IDENT + 1]


def start_joinable_thread(function, handle=None, daemon=True):
    if handle is None:
        handle = _ThreadHandle()
    ident = _next_ident[0]
    _next_ident[0] += 1
    handle.ident = ident
    _scheduler.threads += 1
    _scheduler.traced = True
    _scheduler.born[ident] = _scheduler.generation
    # threading passes Thread._bootstrap: its owner names the lane before the thread registers.
    owner = getattr(function, "__self__", None)
    if owner is not None:
        _names[ident] = owner.name

    def bootstrap():
        _scheduler.acquire(ident)
        try:
            if not _scheduler.shutting_down:
                function()
        finally:
            handle._set_done()
            # A leftover thread of an earlier run was not counted in this one.
            if _scheduler.born.pop(ident, None) == _scheduler.generation:
                _scheduler.threads -= 1
            if _scheduler.holder == ident:
                _scheduler.release(ident)

    proxy = create_proxy(bootstrap)
    _pcm_js.spawn(proxy)
    return handle


def _make_thread_handle(ident):
    return _ThreadHandle(ident)


def _sleep(seconds):
    seconds = float(seconds)
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    _scheduler.blocking(get_ident(), "sleep", "time.sleep", _pcm_js.sleep_promise(seconds * 1000))


_sleep.__name__ = _sleep.__qualname__ = "sleep"


def _on_switch_signal(signum, frame):
    _scheduler.switch()


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
    # Pyodide has no native thread ids, so threading left out native_id; green threads have them.
    threading._HAVE_THREAD_NATIVE_ID = True
    threading.Thread._set_native_id = lambda self: setattr(self, "_native_id", get_native_id())
    threading.Thread.native_id = property(lambda self: getattr(self, "_native_id", None))
    threading.main_thread()._native_id = MAIN_IDENT
    signal.signal(SWITCH_SIGNAL, _on_switch_signal)
    sys.setswitchinterval = _setswitchinterval
    return _sleep


_real_setswitchinterval = sys.setswitchinterval


def _setswitchinterval(interval):
    """As in CPython, and the page's switch ticker follows the new interval."""
    _real_setswitchinterval(interval)
    _pcm_js.set_switch_interval(sys.getswitchinterval())


def begin_run():
    _setswitchinterval(0.005)
    _scheduler.generation += 1
    _scheduler.born[MAIN_IDENT] = _scheduler.generation
    _scheduler.holder = MAIN_IDENT
    _scheduler.switches = 0
    _scheduler.longest_wait = 0.0
    _scheduler.shutting_down = False
    _scheduler.traced = False
    _scheduler.lanes = set()
    _scheduler.stuck = {}
    _scheduler.timed = 0
    _scheduler.woken = set()
    _scheduler.threads = 0
    _scheduler.waiting.clear()
    _scheduler.main_resolver = None
    _scheduler.run_started = _now_ms()


def threads_alive():
    return _scheduler.threads > 0


def finish_run():
    """Waits for non-daemon threads, as interpreter exit does, then records main's last slice."""
    for thread in list(threading.enumerate()):
        if thread is not threading.main_thread() and not thread.daemon:
            thread.join()
    _scheduler.shutting_down = True
    if not _scheduler.traced:
        return {}  # No thread was started: nothing to report, nothing left behind.
    _scheduler.note(MAIN_IDENT, "run", _scheduler.run_started, _now_ms())
    return {
        # Daemon threads still alive: in CPython they die with the process.
        "leftover": _scheduler.threads,
        "switches": _scheduler.switches,
        "longest_gil_wait_ms": round(_scheduler.longest_wait, 2),
        "lanes": sorted(_scheduler.lanes),
    }
