"""Pipes between processes (``multiprocessing.Pipe``), held by the process _hub, and
``multiprocessing.connection.wait``.

Each end sends pickled objects into a queue of the hub that the other end receives from,
in order; a receiver that finds nothing waits (without using the CPU) until the hub answers.
"""

import pickle
import time
from collections.abc import Buffer, Iterable
from typing import Any, Self

from . import _hub, _trace


class Connection:
    """One end of a ``Pipe``: what one end sends, the other receives, in order."""

    def __init__(self, recv_qid: str, send_qid: str, readable: bool = True, writable: bool = True) -> None:
        self._recv_qid = recv_qid
        self._send_qid = send_qid
        self._readable = readable
        self._writable = writable
        self._closed = False
        self._held = []

    def __reduce__(self) -> tuple[type[Connection], tuple[str, str, bool, bool]]:
        return (Connection, (self._recv_qid, self._send_qid, self._readable, self._writable))

    def _check(self, needed: bool, what: str) -> None:
        if self._closed:
            raise OSError("handle is closed")
        if not needed:
            raise OSError(f"connection is {what}")

    def send(self, obj: Any) -> None:
        self._check(self._writable, "read-only")
        start = _hub.clock()
        data = pickle.dumps(obj)
        _hub.record("transfer", start, _hub.clock(), "pickle for Connection.send")
        _hub.send("q_put", self._send_qid, data)

    def send_bytes(self, buf: Buffer, offset: int = 0, size: int | None = None) -> None:
        view = memoryview(buf)[offset : None if size is None else offset + size]
        self.send(_Raw(bytes(view)))

    def _next(self, wait_ms: int | None) -> bytes | None:
        if self._held:
            return self._held.pop(0)
        item = _hub.call("q_get", self._recv_qid, wait_ms, label="Connection.recv")
        return None if item is None else item.to_bytes()

    def recv(self) -> Any:
        self._check(self._readable, "write-only")
        return pickle.loads(self._next(None))

    def recv_bytes(self, maxlength: int | None = None) -> bytes:
        value = self.recv()
        return value.data if isinstance(value, _Raw) else pickle.dumps(value)

    def poll(self, timeout: float | None = 0.0) -> bool:
        self._check(self._readable, "write-only")
        if self._held:
            return True
        wait_ms = None if timeout is None else max(0, int(timeout * 1000))
        item = self._next(wait_ms)
        if item is None:
            return False
        self._held.append(item)
        return True

    def close(self) -> None:
        self._closed = True

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _End(Connection):
    """One end of a SimpleQueue's pipe, working on the queue itself."""

    def __init__(self, queue: Any, readable: bool) -> None:
        super().__init__(queue._qid, queue._qid, readable=readable, writable=not readable)
        self._queue = queue

    def send(self, obj: Any) -> None:
        self._check(self._writable, "read-only")
        self._queue.put(obj)

    def recv(self) -> Any:
        self._check(self._readable, "write-only")
        return self._queue.get()

    def poll(self, timeout: float | None = 0.0) -> bool:
        self._check(self._readable, "write-only")
        return self._queue._poll(timeout)

    def __reduce__(self) -> tuple[type[Connection], tuple[str, str, bool, bool]]:
        self._queue._share()
        return super().__reduce__()


class _Raw:
    """Bytes sent with send_bytes, kept apart from pickled objects."""

    def __init__(self, data: bytes) -> None:
        self.data = data


def Pipe(duplex: bool = True) -> tuple[Connection, Connection]:
    a, b = _hub.new_id("pipe"), _hub.new_id("pipe")
    if duplex:
        return Connection(a, b), Connection(b, a)
    # As in CPython: the first end only receives, the second only sends.
    return Connection(a, b, writable=False), Connection(b, a, readable=False)


def wait(object_list: Iterable[Any], timeout: float | None = None) -> list[Any]:
    """``multiprocessing.connection.wait``: the connections of ``object_list`` that have
    something to receive, waiting up to ``timeout`` seconds (None: until one has)."""
    objects = list(object_list)
    for obj in objects:
        if not isinstance(obj, Connection):
            raise NotImplementedError(
                f"multiprocessing.connection.wait() here waits for Connections only, not {obj!r}: "
                "sockets and process sentinels are file descriptors, which the browser has none of."
            )
    if len(objects) == 1:
        # One connection: its own poll waits without waking up until something arrives.
        return objects if objects[0].poll(timeout) else []
    deadline = None if timeout is None else _trace.now_ms() + max(0.0, timeout) * 1000.0
    pause = 0.001
    while True:
        ready = [obj for obj in objects if obj.poll(0)]
        left = None if deadline is None else (deadline - _trace.now_ms()) / 1000.0
        if ready or (left is not None and left <= 0):
            return ready
        # Several connections have no common wait here: look again soon, sleeping meanwhile
        # (which releases the GIL), a little longer each time.
        time.sleep(pause if left is None else min(pause, left))
        pause = min(pause * 2, 0.05)
