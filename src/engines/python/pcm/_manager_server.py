"""A manager's server process: it holds the shared objects and runs the calls proxies send.

CPython's server listens on a socket and gives each client connection a thread. Here the
server is a child process like any other (its own worker, interpreter and timeline lane): it
takes requests one at a time from the queue the process hub keeps under its address, and
sends each reply back through the hub to the caller waiting for it (processes/managers.ts).
Requests and replies are the tuples CPython's proxies and server exchange, so the standard
library's proxies work unchanged. A call that has to wait (for a lock, an item, an event) is
set aside and answered once it can go on, while the server serves everyone else
(_manager_locks).
"""

import math
import os
import pickle
import time
from collections.abc import Callable, Generator
from multiprocessing import managers, process
from multiprocessing.reduction import ForkingPickler
from typing import Any

from . import _hub, _manager_locks, _manager_types
from ._manager_locks import Wait
from ._tracebacks import format_exception

type Reply = tuple[str, Any]
# Per typeid: (callable, exposed method names, method name -> typeid of its result).
type Registry = dict[str, tuple[Callable[..., Any] | None, tuple[str, ...] | None, dict[str, str] | None]]


def serve(registry: Registry, ready: str, initializer: Callable[..., object] | None, initargs: tuple[Any, ...]) -> None:
    """The manager process's target: says its address on the queue ``ready``, then serves
    until a client asks it to shut down."""
    if initializer is not None:
        initializer(*initargs)
    _manager_types.register_queue_errors()
    server = Server(registry, _hub.new_id("listener"))
    # As CPython's server does: a proxy of this manager unpickled here stands for its object.
    process.current_process()._manager_server = server
    _hub.send("mgr_serve", server.address, os.getpid())
    _hub.send("q_put", ready, pickle.dumps(server.address))
    server.serve_forever()


class _Parked:
    """A call that waits: its generator, and what it waits for now."""

    __slots__ = ("call_id", "caller", "gettypeid", "method", "steps", "wait")

    def __init__(self, call_id: str, caller: str, method: str, gettypeid: dict[str, str] | None) -> None:
        self.call_id, self.caller, self.method, self.gettypeid = call_id, caller, method, gettypeid
        self.steps: Generator[Wait, bool, Any] | None = None
        self.wait: Wait | None = None


class Server:
    """The objects of one manager, by id, with the reference counts of CPython's server."""

    public = (
        "shutdown",
        "create",
        "accept_connection",
        "get_methods",
        "debug_info",
        "number_of_objects",
        "dummy",
        "incref",
        "decref",
    )

    def __init__(self, registry: Registry, address: str) -> None:
        self.registry = registry
        self.address = address
        self.id_to_obj: dict[str, tuple[Any, Any, Any]] = {"0": (None, (), None)}
        self.id_to_refcount: dict[str, int] = {}
        self.id_to_local_proxy_obj: dict[str, tuple[Any, Any, Any]] = {}
        self._parked: list[_Parked] = []
        self._stopping = False

    def serve_forever(self) -> None:
        while not self._stopping:
            start = _hub.clock()
            item = _hub.call("q_get", self.address, self._next_timeout_ms())
            _hub.record("wait", start, _hub.clock(), "waiting for requests")
            if item is not None:
                self._handle(item.to_bytes())
            self._resume()

    def referent(self, obj: Any) -> Any:
        """The object itself, if ``obj`` is a proxy of this manager; otherwise ``obj``."""
        if isinstance(obj, managers.BaseProxy) and obj._token.address == self.address:
            return self._lookup(obj._id)[0]
        return obj

    # --- one request ---------------------------------------------------------------

    def _handle(self, item: bytes) -> None:
        call_id, caller, payload = pickle.loads(item)
        _manager_locks.current["caller"] = caller
        try:
            ident, method, args, kwds = pickle.loads(payload)
        except Exception as error:  # noqa: BLE001 - told to the caller, as CPython's server does.
            return self._reply(call_id, ("#TRACEBACK", format_exception(error)))
        if ident is None:
            return self._reply(call_id, self._public(caller, method, args, kwds))
        try:
            obj, exposed, gettypeid = self._lookup(ident)
            if method not in exposed:
                raise AttributeError(f"method {method!r} of {type(obj)!r} object is not in exposed={exposed!r}")
            function = getattr(obj, method)
        except AttributeError:
            reply = self._fallback(ident, method, args, kwds)
        except Exception as error:  # noqa: BLE001
            reply = ("#TRACEBACK", format_exception(error))
        else:
            if getattr(function, "waits", False):
                parked = _Parked(call_id, caller, method, gettypeid)
                try:
                    parked.steps = function(*args, **kwds)
                except Exception as error:  # noqa: BLE001 - the referent's own error, for the caller.
                    return self._reply(call_id, ("#ERROR", error))
                if not self._step(parked, None):
                    self._parked.append(parked)
                return None
            try:
                result = function(*args, **kwds)
            except Exception as error:  # noqa: BLE001
                reply = ("#ERROR", error)
            else:
                reply = self._result(caller, method, gettypeid, result)
        return self._reply(call_id, reply)

    def _lookup(self, ident: str) -> tuple[Any, Any, Any]:
        try:
            return self.id_to_obj[ident]
        except KeyError:
            if ident in self.id_to_local_proxy_obj:
                return self.id_to_local_proxy_obj[ident]
            raise

    def _public(self, caller: str, name: str, args: tuple[Any, ...], kwds: dict[str, Any]) -> Reply:
        try:
            if name not in self.public:
                raise AssertionError(f"{name!r} unrecognized")
            return ("#RETURN", getattr(self, name)(caller, *args, **kwds))
        except Exception as error:  # noqa: BLE001
            return ("#TRACEBACK", format_exception(error))

    def _fallback(self, ident: str, method: str, args: tuple[Any, ...], kwds: dict[str, Any]) -> Reply:
        """What a referent lacks: its value (``_getvalue``), ``str`` and ``repr``."""
        try:
            obj = self._lookup(ident)[0]
            fallback = {"#GETVALUE": lambda: obj, "__str__": lambda: str(obj), "__repr__": lambda: repr(obj)}[method]
            return ("#RETURN", fallback(*args, **kwds))
        except Exception as error:  # noqa: BLE001
            return ("#TRACEBACK", format_exception(error))

    def _result(self, caller: str, method: str, gettypeid: dict[str, str] | None, result: Any) -> Reply:
        """A method's result: a copy, or a new shared object if its typeid says so (``iter(d)``)."""
        typeid = gettypeid and gettypeid.get(method)
        if not typeid:
            return ("#RETURN", result)
        ident, exposed = self.create(caller, typeid, result)
        return ("#PROXY", (exposed, managers.Token(typeid, self.address, ident)))

    def _reply(self, call_id: str, reply: Reply) -> None:
        try:
            data = ForkingPickler.dumps(reply)
        except Exception as error:  # noqa: BLE001 - an unpicklable result is reported instead.
            data = ForkingPickler.dumps(("#UNSERIALIZABLE", format_exception(error)))
        _hub.send("mgr_reply", call_id, bytes(data))

    # --- calls that wait -------------------------------------------------------------

    def _step(self, parked: _Parked, sent: bool | None) -> bool:
        """Runs a waiting call on until it waits again (False) or has been answered (True)."""
        _manager_locks.current["caller"] = parked.caller
        try:
            parked.wait = parked.steps.send(sent)
            return False
        except StopIteration as done:
            try:
                reply = self._result(parked.caller, parked.method, parked.gettypeid, done.value)
            except Exception as error:  # noqa: BLE001
                reply = ("#TRACEBACK", format_exception(error))
        except Exception as error:  # noqa: BLE001 - the referent's own error, for the caller.
            reply = ("#ERROR", error)
        self._reply(parked.call_id, reply)
        return True

    def _resume(self) -> None:
        """Runs on, oldest first, every waiting call that can go on or whose time is up; after
        each, looks again from the oldest, since that call may have changed what others wait for."""
        while True:
            now = time.monotonic()
            for parked in self._parked:
                wait = parked.wait
                if wait.ready():
                    sent = True
                elif wait.deadline is not None and now >= wait.deadline:
                    sent = False
                else:
                    continue
                if self._step(parked, sent):
                    self._parked.remove(parked)
                break
            else:
                return

    def _next_timeout_ms(self) -> int | None:
        """How long to wait for a request before a waiting call's time is up (None: no limit)."""
        deadlines = [parked.wait.deadline for parked in self._parked if parked.wait.deadline is not None]
        if not deadlines:
            return None
        return max(0, math.ceil((min(deadlines) - time.monotonic()) * 1000))

    # --- the server's own functions, as CPython's server has them ---------------------

    def create(self, caller: str, typeid: str, /, *args: Any, **kwds: Any) -> tuple[str, tuple[str, ...]]:
        """A new shared object: its id and the methods its proxies may call."""
        callable_, exposed, method_to_typeid = self.registry[typeid]
        if callable_ is None:
            if kwds or len(args) != 1:
                raise ValueError("Without callable, must have one non-keyword argument")
            obj = args[0]
        else:
            obj = callable_(*args, **kwds)
        if exposed is None:
            exposed = managers.public_methods(obj)
        if method_to_typeid is not None:
            exposed = list(exposed) + list(method_to_typeid)
        ident = f"{id(obj):x}"
        self.id_to_obj[ident] = (obj, set(exposed), method_to_typeid)
        self.id_to_refcount.setdefault(ident, 0)
        self.incref(caller, ident)
        return ident, tuple(exposed)

    def incref(self, caller: str, ident: str) -> None:
        if ident not in self.id_to_refcount and ident in self.id_to_local_proxy_obj:
            # Only this server held it (in another shared object); a client holds it again.
            self.id_to_refcount[ident] = 0
            self.id_to_obj[ident] = self.id_to_local_proxy_obj[ident]
        self.id_to_refcount[ident] += 1

    def decref(self, caller: str, ident: str) -> None:
        if ident not in self.id_to_refcount and ident in self.id_to_local_proxy_obj:
            return
        if self.id_to_refcount[ident] <= 0:
            raise AssertionError(f"Id {ident} ({self.id_to_obj[ident]!r}) has refcount {self.id_to_refcount[ident]}")
        self.id_to_refcount[ident] -= 1
        if not self.id_to_refcount[ident]:
            del self.id_to_refcount[ident], self.id_to_obj[ident]

    def get_methods(self, caller: str, token: managers.Token) -> tuple[str, ...]:
        return tuple(self.id_to_obj[token.id][1])

    def accept_connection(self, caller: str, name: str) -> None:
        """A client thread starts calling methods; CPython names its server thread after it."""

    def dummy(self, caller: str) -> None:
        """What ``BaseManager.connect()`` calls, to see that the server answers."""

    def number_of_objects(self, caller: str) -> int:
        return len(self.id_to_refcount)

    def debug_info(self, caller: str) -> str:
        return "\n".join(
            f"  {ident}:       refcount={count}\n    {str(self.id_to_obj[ident][0])[:75]}"
            for ident, count in sorted(self.id_to_refcount.items())
        )

    def shutdown(self, caller: str) -> None:
        """Replies, then stops serving: the process ends, and with it every call still waiting."""
        self._stopping = True
