"""Queues between processes (``multiprocessing.Queue`` and its kin), held by the process _hub.

An item is pickled by the sender and unpickled by the receiver, as in CPython, so what
arrives is a copy. The hub keeps the pickled bytes; a process that waits for an item
suspends its interpreter (no spinning) until the hub answers.

Until a queue leaves its process (it is pickled), no other process can reach it, so in the
page's interpreter its items stay in a green queue of the process (``use_local``): a queue
used between threads only, as ``multiprocessing.pool.ThreadPool`` uses one, never needs
the hub. Once the queue is pickled, what it held goes to the hub, in order, and threads
waiting on it wait for the hub instead.
"""

import pickle
import queue as _queue_module
from collections.abc import Callable
from typing import Any, Self

from . import _hub, _trace
from ._connections import Connection, _End

# The green SimpleQueue of the page's interpreter (see use_local); a child has no green
# threads, so its queues use the hub from the start.
_local_queue: list[Callable[[], Any] | None] = [None]


def use_local(factory: Callable[[], Any]) -> None:
    """Queues keep their items in ``factory()`` (a green SimpleQueue) until they are shared."""
    _local_queue[0] = factory


class _Shared:
    """Put in a local queue for each thread waiting on it when the queue is shared: the
    thread then waits for the hub instead."""


_SHARED = _Shared()


class Queue:
    """``multiprocessing.Queue``: any process may put and get; each item is delivered once."""

    # Whether items may stay in the process until the queue is shared (see the module's doc).
    _keeps_local = True

    def __init__(self, maxsize: int = 0, *, ctx: Any = None) -> None:
        # A bound is accepted for compatibility but not enforced: put() never blocks here.
        self._maxsize = maxsize
        self._qid = _hub.new_id("q")
        self._closed = False
        self._held: list[bytes] = []  # Items a poll() has taken ahead of a get.
        factory = _local_queue[0]
        self._local: Any = factory() if factory is not None and self._keeps_local else None

    def _share(self) -> None:
        """From now on the hub holds the items; those put so far go there first, in order."""
        local, self._local = self._local, None
        if local is None:
            return
        while not local.empty():
            _hub.send("q_put", self._qid, local.get_nowait())
        for _ in range(len(local._waiters)):
            local.put(_SHARED)

    def __reduce__(self) -> tuple[Callable[..., Queue], tuple[type[Self], str, int]]:
        self._share()
        return (_rebuild, (type(self), self._qid, self._maxsize))

    def put(self, obj: Any, block: bool = True, timeout: float | None = None) -> None:
        if self._closed:
            raise ValueError(f"Queue {self!r} is closed")
        start = _hub.clock()
        data = pickle.dumps(obj)
        _hub.record("transfer", start, _hub.clock(), "pickle for Queue.put")
        if self._local is not None:
            self._local.put(data)
        else:
            _hub.send("q_put", self._qid, data)

    def put_nowait(self, obj: Any) -> None:
        self.put(obj, False)

    def _take(self, block: bool, timeout: float | None) -> bytes | None:
        """The next item's bytes, waiting as ``get`` does; None if none came in time."""
        if self._held:
            return self._held.pop(0)
        deadline = None if timeout is None else _trace.now_ms() + max(0.0, timeout) * 1000.0
        local = self._local
        if local is not None:
            try:
                data = local.get(block, None if deadline is None else max(0.0, timeout or 0.0))
            except _queue_module.Empty:
                return None
            if data is not _SHARED:
                return data
        if not block:
            wait_ms: int | None = 0
        else:
            wait_ms = None if deadline is None else max(0, int(deadline - _trace.now_ms()))
        item = _hub.call("q_get", self._qid, wait_ms, label="Queue.get")
        return None if item is None else item.to_bytes()

    def get(self, block: bool = True, timeout: float | None = None) -> Any:
        if self._closed:
            raise ValueError(f"Queue {self!r} is closed")
        data = self._take(block, timeout)
        if data is None:
            raise _queue_module.Empty
        start = _hub.clock()
        try:
            return pickle.loads(data)
        finally:
            _hub.record("transfer", start, _hub.clock(), "unpickle from Queue.get")

    def _poll(self, timeout: float | None) -> bool:
        """Whether an item is there, waiting up to ``timeout`` (s, None: for ever) for one."""
        if self._held:
            return True
        data = self._take(timeout is None or timeout > 0, timeout)
        if data is None:
            return False
        self._held.append(data)
        return True

    def get_nowait(self) -> Any:
        return self.get(False)

    def qsize(self) -> int:
        if self._local is not None:
            return len(self._held) + self._local.qsize()
        return len(self._held) + int(_hub.call("q_size", self._qid))

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
    queue._held = []
    queue._local = None
    return queue


class JoinableQueue(Queue):
    """A Queue that counts unfinished items: ``task_done()`` and ``join()``."""

    # The hub counts the unfinished items, so it must see every one.
    _keeps_local = False

    def task_done(self) -> None:
        _hub.call("q_task_done", self._qid)

    def join(self) -> None:
        _hub.call("q_join", self._qid, label="JoinableQueue.join")


class SimpleQueue(Queue):
    """``multiprocessing.SimpleQueue``; its pipe's ends are there too (``_reader``, ``_writer``),
    as CPython's ``Pool`` collects the reader of its own SimpleQueue (even a ThreadPool's)."""

    def __init__(self, *, ctx: Any = None) -> None:
        super().__init__()

    @property
    def _reader(self) -> Connection:
        return _End(self, readable=True)

    @property
    def _writer(self) -> Connection:
        return _End(self, readable=False)

    def close(self) -> None:
        self._closed = True
