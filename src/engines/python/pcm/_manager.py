"""The managers of ``multiprocessing.managers``, and so ``multiprocessing.Manager()``.

``multiprocessing.Manager()`` stays CPython's own (a method of the default context, which
makes a ``SyncManager`` and starts it). CPython's manager is a server process that proxies
(``DictProxy``, ``ListProxy``…) reach over sockets. Here the server is a child process like
any other (_manager_server), and a proxy's connection carries each request through the
process hub to it and the reply back. The standard library's managers and proxies run
unchanged on top: this module only gives them that connection, starts the server, and
patches ``multiprocessing.managers`` as it is imported, in whichever process imports it (a
child does when it unpickles a proxy). Every call is a round trip the caller waits for
without using the CPU (Stop ends the wait), recorded on the caller's lane as a span named
after the method, however short.
"""

import functools
import importlib.abc
import importlib.machinery
import pickle
import sys
from collections.abc import Callable, Iterable, Sequence
from types import ModuleType
from typing import Any

from . import _hub, _processes

# The started managers of this run, as (state, finalizer) (see end_run).
_started: list[tuple[Any, Any]] = []


def install() -> None:
    """Patches ``multiprocessing.managers`` when it is imported (at once if it already is)."""
    if "multiprocessing.managers" in sys.modules:
        _patch(sys.modules["multiprocessing.managers"])
    elif not any(isinstance(finder, _PatchOnImport) for finder in sys.meta_path):
        sys.meta_path.insert(0, _PatchOnImport())


def at_exit() -> None:
    """The program ends: before its children are waited for, its managers shut down, as in
    CPython, whose exit handler first runs the finalizers of priority 0 and above (proxies
    let go of their objects, then managers shut down)."""
    if _started:
        from multiprocessing import util

        util._run_finalizers(0)


def end_run() -> None:
    """The run is over and the hub has ended its processes: managers still running are
    marked shut down without a word to their servers (gone), so that nothing tries to reach
    them when their objects are collected."""
    managers = sys.modules.get("multiprocessing.managers")
    if managers is None:
        return
    for state, finalizer in _started:
        state.value = managers.State.SHUTDOWN
        finalizer.cancel()
    _started.clear()
    managers.BaseProxy._address_to_local.clear()


# --- the connection ----------------------------------------------------------------


class Connection:
    """A client's connection to a manager's server: each request goes through the hub, and
    ``recv`` waits for its reply. A server that has ended is reported as a socket would be."""

    def __init__(self, address: str) -> None:
        self._address = address
        self._id = _hub.new_id("conn")
        self._pending: tuple[int, str | None] | None = None
        self._answered = False
        self._closed = False

    def send(self, request: tuple[Any, str, Sequence[Any], dict[str, Any]]) -> None:
        from multiprocessing.reduction import ForkingPickler

        if self._closed:
            raise OSError("handle is closed")
        call_id = _hub.new_id("call")
        data = pickle.dumps((call_id, self._id, bytes(ForkingPickler.dumps(request))))
        # Proxies' method calls are recorded by _callmethod, with their type's name.
        label = f"manager {request[1]}" if request[0] is None else None
        self._pending = (_hub.call_async("mgr_call", self._address, call_id, data), label)

    def recv(self) -> Any:
        if self._closed or self._pending is None:
            raise OSError("handle is closed" if self._closed else "nothing was sent to receive a reply to")
        handle, label = self._pending
        self._pending = None
        answer = _hub.wait_promise(handle, label)
        if isinstance(answer, str):
            # The server ended during the call, or before it (as a socket reports either).
            if answer == "ended":
                raise EOFError
            if self._answered:
                raise BrokenPipeError(32, "Broken pipe")
            raise FileNotFoundError(2, "No such file or directory")
        self._answered = True
        return pickle.loads(answer.to_bytes())

    def close(self) -> None:
        self._closed = True

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def Client(address: str, family: str | None = None, authkey: bytes | None = None) -> Connection:
    """``multiprocessing.connection.Client`` for managers: no handshake, the hub knows the server."""
    return Connection(address)


def _no_listener(*args: object, **kwargs: object) -> Any:
    raise NotImplementedError(_NO_SOCKETS)


_NO_SOCKETS = (
    "a manager here serves from a process of its own, started with start() or 'with'; serving "
    "from this process (get_server) or at a network address needs sockets, which the browser has not."
)


# --- patching multiprocessing.managers ----------------------------------------------


def _start(self: Any, initializer: Callable[..., object] | None = None, initargs: Iterable[Any] = ()) -> None:
    """``BaseManager.start``: the server is a child process, which puts its address on a queue
    once it serves (CPython's reads it from a pipe)."""
    from multiprocessing import util
    from multiprocessing.managers import State

    from . import _manager_server, _manager_types

    _check_state(self)
    if initializer is not None and not callable(initializer):
        raise TypeError("initializer must be a callable")
    # The server holds stand-ins for the threading and queue classes (they wait without
    # blocking it), and needs no proxy types.
    stand_ins = _manager_types.stand_ins()
    registry = {
        typeid: (next((held for real, held in stand_ins if real is make), make), exposed, method_to_typeid)
        for typeid, (make, exposed, method_to_typeid, _proxytype) in self._registry.items()
    }
    ready = _hub.new_id("q")
    # Named as CPython names it: after the manager's class and the process counter.
    name = f"{type(self).__name__}-{next(_processes._counter)}"
    server = _processes.Process(
        target=_manager_server.serve, args=(registry, ready, initializer, tuple(initargs)), name=name
    )
    # If the server ends before it serves, the hub puts its exit notice on that queue instead.
    server._exit_queue = ready
    server.start()
    answer = _hub.call("q_get", ready, None, label=f"start {name}").to_bytes()
    if answer[:1] == b"\0":
        raise EOFError  # As CPython's start() when the server dies before it reports its address.
    self._address = pickle.loads(answer)
    self._process = server
    self._state.value = State.STARTED
    self.shutdown = util.Finalize(
        self,
        type(self)._finalize_manager,
        args=(server, self._address, self._authkey, self._state, self._Client, self._shutdown_timeout),
        exitpriority=0,
    )
    _started.append((self._state, self.shutdown))


def _traced(callmethod: Callable[..., Any]) -> Callable[..., Any]:
    """``BaseProxy._callmethod``, with the round trip on the caller's lane."""

    def _callmethod(self: Any, methodname: str, args: Sequence[Any] = (), kwds: dict[str, Any] | None = None) -> Any:
        start = _hub.clock()
        try:
            return callmethod(self, methodname, args, {} if kwds is None else kwds)
        finally:
            _hub.record("blocked", start, _hub.clock(), f"manager {self._token.typeid}.{methodname}", every=True)

    return _callmethod


def _check_state(self: Any) -> None:
    """Refuses, as CPython's ``start`` and ``get_server`` do, a manager already started or shut down."""
    from multiprocessing.context import ProcessError
    from multiprocessing.managers import State

    if self._state.value == State.STARTED:
        raise ProcessError("Already started server")
    if self._state.value == State.SHUTDOWN:
        raise ProcessError("Manager has shut down")
    if self._state.value != State.INITIAL:
        raise ProcessError(f"Unknown state {self._state.value!r}")


def _no_server(self: Any) -> Any:
    _check_state(self)
    raise NotImplementedError(_NO_SOCKETS)


def _no_shared_memory_manager(self: Any, *args: object, **kwargs: object) -> None:
    # CPython's would start a resource tracker process (which needs the _multiprocessing
    # module Pyodide lacks), and its server tracks segments this server does not know.
    raise NotImplementedError(
        "multiprocessing.managers.SharedMemoryManager is not available here; create "
        "multiprocessing.shared_memory.SharedMemory blocks directly (and unlink them when done)."
    )


def _patch(managers: ModuleType) -> None:
    if getattr(managers.BaseManager.start, "__wrapped__", None) is not None:
        return  # Patched already (the module was imported again after a reload).
    managers.listener_client["pickle"] = (_no_listener, Client)
    replacements = [
        (managers.BaseManager, "start", _start),
        (managers.BaseManager, "get_server", _no_server),
        (managers.BaseProxy, "_callmethod", _traced(managers.BaseProxy._callmethod)),
    ]
    if hasattr(managers, "SharedMemoryManager"):
        replacements.append((managers.SharedMemoryManager, "__init__", _no_shared_memory_manager))
    # Each replacement keeps the name, module, documentation and signature of CPython's
    # method (through __wrapped__), as introspection and pickling by reference expect.
    for cls, name, replacement in replacements:
        setattr(cls, name, functools.update_wrapper(replacement, getattr(cls, name)))


class _PatchOnImport(importlib.abc.MetaPathFinder):
    """Finds ``multiprocessing.managers`` as the standard finder does, and patches it once loaded."""

    def find_spec(self, name: str, path: Sequence[str] | None, target: ModuleType | None = None) -> Any:
        if name != "multiprocessing.managers":
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _PatchingLoader(spec.loader)
        return spec


class _PatchingLoader(importlib.abc.Loader):
    def __init__(self, loader: importlib.abc.Loader) -> None:
        self._loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self._loader.exec_module(module)
        _patch(module)

    def __getattr__(self, name: str) -> Any:
        # get_source and the like: tracebacks quote the module's lines through its loader.
        return getattr(self._loader, name)
