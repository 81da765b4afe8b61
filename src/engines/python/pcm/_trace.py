"""The trace of the current run: spans ``(lane, kind, start, end, label)`` in ms.

In the page's interpreter, times count from the start of the run and the spans are handed
to the page when it ends. A child process installs its own sink (absolute times, sent to
the process hub at once) with ``use``.
"""

import time
from collections.abc import Callable

Event = tuple[str, str, float, float, str | None]

_events: list[Event] = []
_origin = [0.0]


def _record_locally(lane: str, kind: str, start: float, end: float, label: str | None = None) -> None:
    _events.append((lane, kind, start, end, label))


def _clock_locally() -> float:
    return (time.perf_counter() - _origin[0]) * 1000.0


_sink: list[Callable[..., None]] = [_record_locally]
_clock: list[Callable[[], float]] = [_clock_locally]


def record(lane: str, kind: str, start: float, end: float, label: str | None = None) -> None:
    """Adds a span; ``start`` and ``end`` are ms on this trace's clock (``now_ms``)."""
    _sink[0](lane, kind, start, end, label)


def now_ms() -> float:
    """The trace's clock, in ms."""
    return _clock[0]()


def begin() -> None:
    """A new run: no spans yet, and the clock starts at 0."""
    _events.clear()
    _origin[0] = time.perf_counter()


def events() -> list[Event]:
    """The run's spans so far."""
    return list(_events)


def use(sink: Callable[..., None], clock: Callable[[], float]) -> None:
    """Sends spans to ``sink`` and reads time from ``clock`` (a child process's trace)."""
    _sink[0] = sink
    _clock[0] = clock
