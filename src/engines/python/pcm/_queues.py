"""Queues and pipes between processes, held by the process _hub.

An item is pickled by the sender and unpickled by the receiver, as in CPython, so what
arrives is a copy. The hub keeps the pickled bytes; a process that waits for an item
suspends its interpreter (no spinning) until the hub answers.
"""

import pickle
import queue as _queue_module
from collections.abc import Buffer, Callable
from typing import Any, Self

from . import _hub


class Queue:
    """``multiprocessing.Queue``: any process may put and get; each item is delivered once."""

    def __init__(self, maxsize: int = 0, *, ctx: Any = None) -> None:
        # A bound is accepted for compatibility but not enforced: put() never blocks here.
        self._maxsize = maxsize
        self._qid = _hub.new_id("q")
        self._closed = False

    def __reduce__(self) -> tuple[Callable[..., Queue], tuple[type[Self], str, int]]:
        return (_rebuild, (type(self), self._qid, self._maxsize))

    def put(self, obj: Any, block: bool = True, timeout: float | None = None) -> None:
        if self._closed:
            raise ValueError(f"Queue {self!r} is closed")
        start = _hub.clock()
        data = pickle.dumps(obj)
        _hub.record("transfer", start, _hub.clock(), "pickle for Queue.put")
        _hub.send("q_put", self._qid, data)

    def put_nowait(self, obj: Any) -> None:
        self.put(obj, False)

    def get(self, block: bool = True, timeout: float | None = None) -> Any:
        if self._closed:
            raise ValueError(f"Queue {self!r} is closed")
        if not block:
            wait_ms = 0
        elif timeout is None:
            wait_ms = None
        else:
            wait_ms = max(0, int(timeout * 1000))
        item = _hub.call("q_get", self._qid, wait_ms, label="Queue.get")
        if item is None:
            raise _queue_module.Empty
        start = _hub.clock()
        try:
            return pickle.loads(item.to_bytes())
        finally:
            _hub.record("transfer", start, _hub.clock(), "unpickle from Queue.get")

    def get_nowait(self) -> Any:
        return self.get(False)

    def qsize(self) -> int:
        return int(_hub.call("q_size", self._qid))

    def empty(self) -> bool:
        return self.qsize() == 0

    def full(self) -> bool:
        return bool(self._maxsize) and self.qsize() >= self._maxsize

    def close(self) -> None:
        self._closed = True

    def join_thread(self) -> None:
        pass

    def cancel_join_thread(self) -> None:
        pass

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._qid}>"


def _rebuild(cls: type[Queue], qid: str, maxsize: int) -> Queue:
    queue = cls.__new__(cls)
    queue._qid = qid
    queue._maxsize = maxsize
    queue._closed = False
    return queue


class JoinableQueue(Queue):
    """A Queue that counts unfinished items: ``task_done()`` and ``join()``."""

    def task_done(self) -> None:
        _hub.call("q_task_done", self._qid)

    def join(self) -> None:
        _hub.call("q_join", self._qid, label="JoinableQueue.join")


class SimpleQueue(Queue):
    def __init__(self, *, ctx: Any = None) -> None:
        super().__init__()


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
