"""``concurrent.futures.ProcessPoolExecutor`` over the worker-process pool.

The futures are the standard ``concurrent.futures.Future``; only waiting differs: instead
of a condition variable (which needs another OS thread to notify it) a waiting caller
suspends until the pool delivers a result.
"""

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent import futures as _futures
from typing import Any

from . import _hub
from ._pool import Pool


class BrokenProcessPool(_futures.BrokenExecutor):
    pass


class _Future(_futures.Future):
    def result(self, timeout: float | None = None) -> Any:
        _hub.wait_until(self.done, timeout, label="Future.result")
        return super().result(0)

    def exception(self, timeout: float | None = None) -> BaseException | None:
        _hub.wait_until(self.done, timeout, label="Future.exception")
        return super().exception(0)


class ProcessPoolExecutor(_futures.Executor):
    def __init__(
        self,
        max_workers: int | None = None,
        mp_context: Any = None,
        initializer: Callable[..., object] | None = None,
        initargs: tuple[Any, ...] = (),
        *,
        max_tasks_per_child: int | None = None,
    ) -> None:
        if max_workers is not None and max_workers <= 0:
            raise ValueError("max_workers must be greater than 0")
        if mp_context is not None:
            mp_context.get_context(mp_context.get_start_method())  # 'fork' says why not here.
        self._max_workers = max_workers or os.process_cpu_count() or 1
        self._initializer = initializer
        self._initargs = initargs
        self._pool = None
        self._shutdown = False

    def _ensure_pool(self) -> Pool:
        # CPython also starts worker processes on first use, not in the constructor.
        if self._pool is None:
            self._pool = Pool(self._max_workers, self._initializer, self._initargs)
        return self._pool

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> _futures.Future[Any]:
        if self._shutdown:
            raise RuntimeError("cannot schedule new futures after shutdown")
        future = _Future()
        future.set_running_or_notify_cancel()

        def failed(error: BaseException) -> None:
            if isinstance(error, RuntimeError) and str(error).startswith("The pool cannot"):
                broken = BrokenProcessPool(str(error))
                broken.__cause__ = error.__cause__
                error = broken
            future.set_exception(error)

        try:
            self._ensure_pool().apply_async(fn, args, kwargs, callback=future.set_result, error_callback=failed)
        except RuntimeError as error:
            if not str(error).startswith("The pool cannot"):
                raise
            failed(error)
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._shutdown = True
        if self._pool is None:
            return
        if cancel_futures:
            self._pool.terminate()
            return
        self._pool.close()
        if wait and _hub.can_run_sync():
            self._pool.join()


def _ours(fs: Iterable[_futures.Future[Any]]) -> bool:
    return all(isinstance(future, _Future) or future.done() for future in fs)


_original_as_completed = _futures.as_completed
_original_wait = _futures.wait


def as_completed(fs: Iterable[_futures.Future[Any]], timeout: float | None = None) -> Iterator[_futures.Future[Any]]:
    """Yields futures as they finish; for process-pool futures, by suspending between them."""
    fs = list(dict.fromkeys(fs))
    if not _ours(fs):
        yield from _original_as_completed(fs, timeout)
        return
    pending = list(fs)
    deadline = None if timeout is None else _hub.clock() + timeout * 1000
    while pending:
        done = [future for future in pending if future.done()]
        if not done:
            left = None if deadline is None else (deadline - _hub.clock()) / 1000
            if (
                left is not None
                and left <= 0
                or not _hub.wait_until(lambda: any(future.done() for future in pending), left, label="as_completed")
            ):
                raise TimeoutError(f"{len(pending)} (of {len(fs)}) futures unfinished")
            continue
        for future in done:
            pending.remove(future)
            yield future


def wait(
    fs: Iterable[_futures.Future[Any]], timeout: float | None = None, return_when: str = _futures.ALL_COMPLETED
) -> _futures._base.DoneAndNotDoneFutures:
    fs = set(fs)
    if not _ours(fs):
        return _original_wait(fs, timeout, return_when)

    def finished() -> bool:
        done = [future for future in fs if future.done()]
        if return_when == _futures.FIRST_COMPLETED:
            return bool(done)
        if return_when == _futures.FIRST_EXCEPTION:
            return len(done) == len(fs) or any(not f.cancelled() and f.exception(0) for f in done)
        return len(done) == len(fs)

    _hub.wait_until(finished, timeout, label="concurrent.futures.wait")
    done = {future for future in fs if future.done()}
    return _futures._base.DoneAndNotDoneFutures(done, fs - done)
