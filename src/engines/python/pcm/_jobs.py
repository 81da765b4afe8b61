"""The work a process pool hands out: the worker loop, job results, remote tracebacks.

Each worker process takes pickled tasks (a function, by reference, and a chunk of inputs)
from the pool's task queue and puts pickled results on its result queue. An exception in a
worker comes back with the worker's traceback attached, as in CPython.
"""

import itertools
import multiprocessing.pool
import pickle
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from . import _hub
from ._queues import Queue
from ._tracebacks import format_exception

if TYPE_CHECKING:  # Only annotations name the pool; _pool imports this module.
    from ._pool import Pool

_job_ids = itertools.count(1)


class RemoteTraceback(Exception):
    """Carries a worker's traceback text; attached as the cause of the re-raised error."""

    def __init__(self, tb: str) -> None:
        self.tb = tb

    def __str__(self) -> str:
        return self.tb


RemoteTraceback.__module__ = "multiprocessing.pool"


def _wrap(error: BaseException) -> tuple[BaseException, str]:
    """An exception in picklable form, with its traceback as text."""
    try:
        pickle.dumps(error)
        payload = error
    except Exception:  # noqa: BLE001 - an unpicklable exception travels by its repr.
        payload = RuntimeError(repr(error))
    return payload, format_exception(error)


def _reraise(wrapped: tuple[BaseException, str]) -> BaseException:
    error, text = wrapped
    error.__cause__ = RemoteTraceback(f'\n"""\n{text}"""')
    return error


def _apply(call: tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]) -> Any:
    func, args, kwargs = call
    return func(*args, **kwargs)


def worker(
    tasks: Queue, results: Queue, initializer: Callable[..., object] | None = None, initargs: Iterable[Any] = ()
) -> None:
    """The loop each pool process runs: take a task, run it, send back the result."""
    if initializer is not None:
        initializer(*initargs)
    while True:
        task = tasks.get()
        if task is None:
            return
        job, index, func, items, star = task
        try:
            outcome = (True, [func(*item) if star else func(item) for item in items])
        except BaseException as error:  # noqa: BLE001 - every failure goes back to the parent.
            outcome = (False, _wrap(error))
        results.put((job, index) + outcome)


class AsyncResult(multiprocessing.pool.ApplyResult):
    """The result of one submitted job, delivered in chunks that may arrive in any order.

    A subclass of CPython's ApplyResult (whose methods it all replaces), so that
    ``isinstance(result, multiprocessing.pool.AsyncResult)`` holds as in CPython."""

    def __init__(
        self,
        pool: Pool,
        chunks: int,
        single: bool = False,
        callback: Callable[[Any], object] | None = None,
        error_callback: Callable[[BaseException], object] | None = None,
    ) -> None:
        self._pool = pool
        self._id = next(_job_ids)
        self._chunks = chunks
        self._single = single
        self._parts = {}
        self._arrived = []
        self._error = None
        self._callback = callback
        self._error_callback = error_callback
        if chunks == 0:
            self._finish()

    def _deliver(self, index: int, ok: bool, value: Any) -> None:
        if self.ready():
            return
        if not ok:
            self._error = _reraise(value)
            self._finish()
            return
        self._parts[index] = value
        self._arrived.append(index)
        if len(self._parts) == self._chunks:
            self._finish()

    def _fail(self, error: BaseException) -> None:
        if not self.ready():
            self._error = error
            self._finish()

    def _finish(self) -> None:
        self._done = True
        self._pool._jobs.pop(self._id, None)
        if self._error is not None:
            if self._error_callback is not None:
                self._error_callback(self._error)
        elif self._callback is not None:
            self._callback(self._value())

    def _value(self) -> Any:
        flat = [item for index in range(self._chunks) for item in self._parts[index]]
        return flat[0] if self._single else flat

    def ready(self) -> bool:
        return getattr(self, "_done", False)

    def successful(self) -> bool:
        if not self.ready():
            raise ValueError(f"{self!r} not ready")
        return self._error is None

    def wait(self, timeout: float | None = None) -> None:
        _hub.wait_until(self.ready, timeout, label="waiting for pool results")

    def get(self, timeout: float | None = None) -> Any:
        self.wait(timeout)
        if not self.ready():
            raise TimeoutError
        if self._error is not None:
            raise self._error
        return self._value()
