"""``multiprocessing.Pool`` and ``concurrent.futures.ProcessPoolExecutor`` on worker processes.

A pool starts its worker processes once (the work they do is in _jobs). The parent never
spins for results: a pending read of the result queue calls back into Python when an
answer arrives, so futures also complete while an asyncio event loop runs, and code that
waits for a result suspends until one is delivered.
"""

import asyncio
import json
import multiprocessing.pool
import os
import pickle
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Self

from . import _hub, _processes
from ._jobs import AsyncResult, RemoteTraceback, _apply, worker
from ._queues import Queue


class Pool(multiprocessing.pool.Pool):
    """A pool of worker processes (``multiprocessing.Pool``).

    What ``multiprocessing.Pool()`` and ``multiprocessing.pool.Pool()`` make (see ``new``):
    a subclass of CPython's Pool that replaces all it does, so ``isinstance`` holds, and
    CPython's own subclasses (``multiprocessing.pool.ThreadPool``) stay as they are.
    """

    def __init__(
        self,
        processes: int | None = None,
        initializer: Callable[..., object] | None = None,
        initargs: Iterable[Any] = (),
        maxtasksperchild: int | None = None,
        context: Any = None,
    ) -> None:
        processes = (os.process_cpu_count() or 1) if processes is None else processes
        if processes < 1:
            raise ValueError("Number of processes must be at least 1")
        self._processes = processes
        self._tasks = Queue()
        self._results = Queue()
        self._jobs = {}
        self._state = "RUN"
        self._armed = False
        self._alive = processes
        self._workers = []
        # Workers that get an interpreter the hub booted ahead start in about a millisecond.
        prepared = _hub.prepared()
        for _ in range(processes):
            process = _processes.Process(
                target=worker,
                args=(self._tasks, self._results, initializer, initargs),
                # CPython numbers pool workers with the same counter as every other process.
                name=f"SpawnPoolWorker-{next(_processes._counter)}",
                daemon=True,
            )
            # The hub reports this worker's end on the result queue, so a dead worker is noticed.
            process._exit_queue = self._results._qid
            process.start()
            self._workers.append(process)
        self._arm()
        # CPython's Pool returns while its workers are still starting, which takes milliseconds
        # there, as it does here for workers whose interpreter was booted ahead. An interpreter
        # booted now takes seconds, so the pool waits for such workers: start-up cost then shows
        # apart from the work, and timings after it are fair. Inside an asyncio task that wait
        # would stall the event loop, so there it is skipped.
        if asyncio.events._get_running_loop() is None:
            waits = [_hub.call_async("started", process.pid) for process in self._workers[prepared:]]
            for handle in waits:
                _hub.wait_promise(handle, label="starting pool workers")

    # --- results arrive without anyone waiting for them --------------------------------

    def _arm(self) -> None:
        if self._armed or self._alive == 0:
            return
        self._armed = True
        _hub.on_settle(_hub.call_async("q_get", self._results._qid, None), self._on_item)

    def _on_item(self, item: Any) -> None:
        self._armed = False
        if item is None:
            return
        data = item.to_bytes()
        if data[:1] == b"\0":
            self._on_exit(json.loads(data[1:].decode()))
        else:
            job, index, ok, value = pickle.loads(data)
            target = self._jobs.get(job)
            if target is not None:
                target._deliver(index, ok, value)
        self._arm()
        _hub.notify()

    def _on_exit(self, info: dict[str, Any]) -> None:
        self._alive -= 1
        if info["exitcode"] == 0 or self._state == "TERMINATE":
            return
        if info.get("error"):
            cause = RemoteTraceback(f'\n"""\n{info["error"]}"""')
            reason = f"a worker process ({info['name']}) failed with exit code {info['exitcode']}"
        else:
            cause = None
            reason = f"a worker process ({info['name']}) ended abruptly with exit code {info['exitcode']}"
        self._state = "BROKEN"
        for job in list(self._jobs.values()):
            error = RuntimeError(f"The pool cannot finish its work: {reason}.")
            error.__cause__ = cause
            job._fail(error)
        self._broken = (reason, cause)

    # --- submitting work -----------------------------------------------------------------

    def _check_running(self) -> None:
        if self._state == "BROKEN":
            reason, cause = self._broken
            error = RuntimeError(f"The pool cannot take work: {reason}.")
            error.__cause__ = cause
            raise error
        if self._state != "RUN":
            raise ValueError("Pool not running")

    def _submit(
        self,
        func: Callable[..., Any],
        items: list[Any],
        chunksize: int,
        star: bool,
        single: bool = False,
        callback: Callable[[Any], object] | None = None,
        error_callback: Callable[[BaseException], object] | None = None,
    ) -> AsyncResult:
        self._check_running()
        chunks = [items[i : i + chunksize] for i in range(0, len(items), chunksize)] if items else []
        job = AsyncResult(self, len(chunks), single, callback, error_callback)
        if chunks:
            self._jobs[job._id] = job
        for index, chunk in enumerate(chunks):
            self._tasks.put((job._id, index, func, chunk, star))
        return job

    def _chunksize(self, items: list[Any], chunksize: int | None) -> int:
        if chunksize is not None:
            if chunksize < 1:
                raise ValueError(f"Chunksize must be 1+, not {chunksize}")
            return chunksize
        chunksize, extra = divmod(len(items), self._processes * 4)
        return chunksize + 1 if extra else max(chunksize, 1)

    def apply_async(
        self,
        func: Callable[..., Any],
        args: Iterable[Any] = (),
        kwds: Mapping[str, Any] | None = None,
        callback: Callable[[Any], object] | None = None,
        error_callback: Callable[[BaseException], object] | None = None,
    ) -> AsyncResult:
        return self._submit(_apply, [(func, tuple(args), dict(kwds or {}))], 1, False, True, callback, error_callback)

    def apply(self, func: Callable[..., Any], args: Iterable[Any] = (), kwds: Mapping[str, Any] | None = None) -> Any:
        return self.apply_async(func, args, kwds).get()

    def map_async(
        self,
        func: Callable[[Any], Any],
        iterable: Iterable[Any],
        chunksize: int | None = None,
        callback: Callable[[list[Any]], object] | None = None,
        error_callback: Callable[[BaseException], object] | None = None,
    ) -> AsyncResult:
        items = list(iterable)
        return self._submit(func, items, self._chunksize(items, chunksize), False, False, callback, error_callback)

    def map(self, func: Callable[[Any], Any], iterable: Iterable[Any], chunksize: int | None = None) -> list[Any]:
        return self.map_async(func, iterable, chunksize).get()

    def starmap_async(
        self,
        func: Callable[..., Any],
        iterable: Iterable[Iterable[Any]],
        chunksize: int | None = None,
        callback: Callable[[list[Any]], object] | None = None,
        error_callback: Callable[[BaseException], object] | None = None,
    ) -> AsyncResult:
        items = [tuple(item) for item in iterable]
        return self._submit(func, items, self._chunksize(items, chunksize), True, False, callback, error_callback)

    def starmap(
        self, func: Callable[..., Any], iterable: Iterable[Iterable[Any]], chunksize: int | None = None
    ) -> list[Any]:
        return self.starmap_async(func, iterable, chunksize).get()

    def imap(self, func: Callable[[Any], Any], iterable: Iterable[Any], chunksize: int = 1) -> Iterator[Any]:
        job = self._submit(func, list(iterable), chunksize, False)
        for index in range(job._chunks):
            _hub.wait_until(lambda index=index: index in job._parts or job.ready(), label="waiting for pool results")
            if job._error is not None:
                raise job._error
            yield from job._parts[index]

    def imap_unordered(self, func: Callable[[Any], Any], iterable: Iterable[Any], chunksize: int = 1) -> Iterator[Any]:
        job = self._submit(func, list(iterable), chunksize, False)
        for count in range(job._chunks):
            _hub.wait_until(
                lambda count=count: len(job._arrived) > count or job.ready(), label="waiting for pool results"
            )
            if job._error is not None:
                raise job._error
            yield from job._parts[job._arrived[count]]

    # --- ending ------------------------------------------------------------------------

    def close(self) -> None:
        if self._state == "RUN":
            self._state = "CLOSE"
            for _ in self._workers:
                self._tasks.put(None)

    def terminate(self) -> None:
        self._state = "TERMINATE"
        for process in self._workers:
            process.terminate()

    def join(self) -> None:
        if self._state == "RUN":
            raise ValueError("Pool is still running")
        _processes.join_all(self._workers)

    def __enter__(self) -> Self:
        self._check_running()
        return self

    def __exit__(self, *exc: object) -> None:
        # As in CPython, leaving the with-block terminates the workers (it does not wait).
        self.terminate()

    def __repr__(self) -> str:
        return f"<multiprocessing.pool.Pool state={self._state} pool_size={self._processes}>"


Pool.__module__ = "multiprocessing.pool"
_CPYTHON_POOL = multiprocessing.pool.Pool


def new(cls: type, *args: object, **kwargs: object) -> Any:
    """``multiprocessing.pool.Pool.__new__``: CPython's Pool itself is made of processes
    here; its subclasses (ThreadPool, a reader's own) are made as they are."""
    return object.__new__(Pool if cls is _CPYTHON_POOL else cls)


new.__module__ = "multiprocessing.pool"
new.__name__ = "__new__"
new.__qualname__ = "Pool.__new__"
