"""``multiprocessing`` for the browser: every process is a Web Worker with its own interpreter.

Pyodide has no ``fork`` and no ``_multiprocessing``, so this module provides the process
objects the reader's code uses (``Process``, ``current_process`` …), which _multiprocessing
patches into the standard package. The semantics are those of the *spawn* start method: a
child runs the program again as ``__mp_main__``, then unpickles its target. Queues live in
_queues, pools in _pool, shared memory and locks in _shared.
"""

import itertools
import os
import pickle
import queue as _queue_module
from collections.abc import Callable, Iterable, Mapping
from multiprocessing.process import AuthenticationString, BaseProcess
from typing import Any

from pyodide.ffi import can_run_sync

from ._hub import call, call_async, clock, notify, on_settle, record, send, state, wait_promise, wait_until

_children: list[Process] = []
_counter = itertools.count(1)


# --- processes ---------------------------------------------------------------------

_BOOTSTRAP_ERROR = """
    A new process was started while this process was still in its bootstrapping phase,
    that is, while it was importing the main module.

    With the spawn start method (the only one here, and the default on Windows and macOS)
    every child runs the main module again as "__mp_main__". Code at the top level of the
    module runs in the child too, so it must not start processes itself. Protect the part
    of the program that starts processes with the idiom:

        if __name__ == "__main__":
            ...

    See "Safe importing of main module" in the multiprocessing documentation."""

_RUNTIME_KEYS = ("_pid", "_exitcode", "_popen")


class Process(BaseProcess):
    """A process object; ``start()`` runs ``run()`` in a fresh interpreter on its own worker.

    It is ``multiprocessing.Process`` (and every context's): a ``BaseProcess`` whose life
    cycle the process hub runs."""

    def __init__(
        self,
        group: None = None,
        target: Callable[..., object] | None = None,
        name: str | None = None,
        args: Iterable[Any] = (),
        kwargs: Mapping[str, Any] = {},  # noqa: B006 - CPython's signature, never mutated.
        *,
        daemon: bool | None = None,
    ) -> None:
        assert group is None, "group argument must be None for now"
        self._target = target
        self._args = tuple(args)
        self._kwargs = dict(kwargs or {})
        # As in CPython, an unnamed process is called after its class and a counter.
        self._name = str(name) if name is not None else f"{type(self).__name__}-{next(_counter)}"
        self._daemon = current_process().daemon if daemon is None else bool(daemon)
        self._parent_pid = os.getpid()
        self._parent_name = current_process().name
        self._config = {}
        self._closed = False
        self._pid = None
        self._exitcode = None
        self._popen = None

    def run(self) -> None:
        if self._target is not None:
            self._target(*self._args, **self._kwargs)

    def __getstate__(self) -> dict[str, Any]:
        return {key: value for key, value in self.__dict__.items() if key not in _RUNTIME_KEYS}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._pid = os.getpid()
        self._exitcode = None
        self._popen = None

    def start(self) -> None:
        if state["bootstrapping"]:
            raise RuntimeError(_BOOTSTRAP_ERROR)
        assert self._popen is None, "cannot start a process twice"
        assert self._parent_pid == os.getpid(), "can only start a process object created by current process"
        assert not current_process().daemon, "daemonic processes are not allowed to have children"
        start = clock()
        payload = pickle.dumps(self)
        record("transfer", start, clock(), f"pickle {self._name}")
        spec = {
            "name": self._name,
            "source": state["source"],
            "payload": payload,
            "daemon": self._daemon,
            "parentPid": os.getpid(),
            "exitQueue": getattr(self, "_exit_queue", None),
        }
        if can_run_sync():
            # The hub's answer (the pid) is kept when it arrives, without waiting for it here: a
            # program (or a pool) that starts several processes does not wait between starts.
            on_settle(call_async("spawn", spec), self._spawned)
        else:
            self._pid = int(call("spawn", spec))  # Raises, saying why it cannot wait here.
        self._popen = "started"
        _children.append(self)

    def _spawned(self, pid: Any) -> None:
        self._pid = int(pid)
        notify()

    def _hub_pid(self) -> int | None:
        """The pid the hub gave this process; once started, waits for it if it has not come yet."""
        if self._pid is None and self._popen is not None:
            wait_until(lambda: self._pid is not None)
        return self._pid

    def join(self, timeout: float | None = None) -> None:
        assert self._popen is not None, "can only join a started process"
        if self._exitcode is not None:
            return
        wait_ms = None if timeout is None else max(0, int(timeout * 1000))
        code = call("join", self._hub_pid(), wait_ms, label=f"join {self._name}")
        if code is not None:
            self._exitcode = int(code)

    def is_alive(self) -> bool:
        if self._popen is None or self._exitcode is not None:
            return False
        code = call("poll", self._hub_pid())
        if code is not None:
            self._exitcode = int(code)
        return self._exitcode is None

    # Like a signal, terminate() and kill() do not wait: join() to see the process end.
    def terminate(self) -> None:
        if self._popen is not None and self._exitcode is None:
            send("terminate", self._hub_pid(), -15)

    def kill(self) -> None:
        if self._popen is not None and self._exitcode is None:
            send("terminate", self._hub_pid(), -9)

    def close(self) -> None:
        if self._popen is not None and self._exitcode is None and self.is_alive():
            raise ValueError("Cannot close a process while it is still running. Use join() or terminate().")

    @property
    def exitcode(self) -> int | None:
        if self._popen is not None and self._exitcode is None:
            self.is_alive()
        return self._exitcode

    @property
    def pid(self) -> int | None:
        return self._hub_pid()

    ident = pid

    @property
    def name(self) -> str:
        return self._name

    @name.setter
    def name(self, value: str) -> None:
        self._name = str(value)

    @property
    def daemon(self) -> bool:
        return self._daemon

    @daemon.setter
    def daemon(self, value: bool) -> None:
        assert self._popen is None, "process has already started"
        self._daemon = bool(value)

    @property
    def sentinel(self) -> int:
        raise NotImplementedError("process sentinels are file descriptors, which the browser has none of")

    def __repr__(self) -> str:
        if self._popen is None:
            status = "initial"
        elif self._exitcode is None:
            status = "started"
        else:
            status = f"stopped exitcode={self._exitcode}" if self._exitcode else "stopped"
        daemon = " daemon" if self._daemon else ""
        return f"<{type(self).__name__} name={self._name!r} parent={self._parent_pid} {status}{daemon}>"


def join_all(processes: Iterable[Process]) -> None:
    """Joins every started process of ``processes``, asking the hub about all of them at once:
    a pool that shuts down waits for its last worker, not for one answer after another."""
    asked = [
        (process, call_async("join", process._hub_pid(), None))
        for process in processes
        if process._popen is not None and process._exitcode is None
    ]
    for process, handle in asked:
        code = wait_promise(handle, label=f"join {process._name}")
        if code is not None:
            process._exitcode = int(code)


class _CurrentProcess:
    """What ``current_process()`` returns: the parent ("MainProcess") or the running child."""

    def __init__(self, name: str, pid: int, daemon: bool = False, parent_pid: int | None = None) -> None:
        self.name = name
        self._pid = pid
        self.daemon = daemon
        self._parent_pid = parent_pid
        # As CPython's: a random authentication key that managers and their proxies take up.
        self._config: dict[str, Any] = {"authkey": AuthenticationString(os.urandom(32)), "semprefix": "/mp"}
        self._identity: tuple[int, ...] = ()

    @property
    def pid(self) -> int:
        return self._pid

    @property
    def authkey(self) -> bytes:
        return self._config["authkey"]

    @authkey.setter
    def authkey(self, authkey: bytes) -> None:
        self._config["authkey"] = AuthenticationString(authkey)

    @property
    def exitcode(self) -> int | None:
        return None

    ident = pid

    def is_alive(self) -> bool:
        return True

    def __repr__(self) -> str:
        return f"<_MainProcess name={self.name!r} parent=None started>"


_current = {"process": _CurrentProcess("MainProcess", os.getpid())}


def current_process() -> _CurrentProcess:
    return _current["process"]


def parent_process() -> _CurrentProcess | None:
    pid = getattr(_current["process"], "_parent_pid", None)
    return None if pid is None else _CurrentProcess("MainProcess", pid)


def active_children() -> list[Process]:
    alive = [child for child in _children if child.is_alive()]
    _children[:] = alive
    return list(alive)


# --- start methods -----------------------------------------------------------------

NO_FORK = (
    "The {method!r} start method is not available in the browser: a Web Worker cannot be forked "
    "(copied with its memory), it can only be started fresh. Use 'spawn', which every process "
    "here uses, as on Windows and macOS."
)


Empty = _queue_module.Empty
Full = _queue_module.Full
