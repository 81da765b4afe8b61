"""Shared memory and locks between processes, over ``SharedArrayBuffer``.

Every process maps the same buffer, so a write in one is seen by all, with the same races
as in CPython: ``counter.value += 1`` is a read and a write, and two processes can
interleave them. Locks, events and semaphores are integers in shared buffers, waited on
with ``Atomics.wait`` (allowed in workers; no spinning). A Pyodide interpreter cannot
map a SharedArrayBuffer into its own memory, so values are read and written through
JavaScript typed arrays rather than ctypes objects.
"""

import ctypes
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Self

import js
from pyodide.ffi import to_js

from . import _hub

_buffers = {}

# Typecode -> (typed array constructor name, item size). wasm32 has 4-byte C longs.
_TYPES = {
    "b": ("Int8Array", 1),
    "B": ("Uint8Array", 1),
    "c": ("Uint8Array", 1),
    "?": ("Uint8Array", 1),
    "h": ("Int16Array", 2),
    "H": ("Uint16Array", 2),
    "i": ("Int32Array", 4),
    "I": ("Uint32Array", 4),
    "l": ("Int32Array", 4),
    "L": ("Uint32Array", 4),
    "q": ("BigInt64Array", 8),
    "Q": ("BigUint64Array", 8),
    "f": ("Float32Array", 4),
    "d": ("Float64Array", 8),
}


def remember(pairs: Iterable[Sequence[Any]]) -> None:
    """Buffers the hub handed this process at start-up (those that existed then)."""
    for sab_id, buffer in pairs:
        _buffers[sab_id] = buffer


def _new_buffer(kind: str, nbytes: int) -> tuple[str, Any]:
    sab_id = _hub.new_id(kind)
    buffer = js.SharedArrayBuffer.new(max(8, nbytes))
    _buffers[sab_id] = buffer
    _hub.send("sab_put", sab_id, buffer)
    return sab_id, buffer


def _buffer(sab_id: str) -> Any:
    buffer = _buffers.get(sab_id)
    if buffer is None:
        buffer = _hub.call("sab_get", sab_id)
        if buffer is None:
            raise FileNotFoundError(f"no shared memory block {sab_id!r} (it belonged to an earlier run?)")
        _buffers[sab_id] = buffer
    return buffer


def _typecode(typecode_or_type: str | type) -> str:
    if isinstance(typecode_or_type, str):
        code = typecode_or_type
    else:
        code = getattr(typecode_or_type, "_type_", None)
    if code not in _TYPES:
        raise TypeError(
            f"unsupported shared type {typecode_or_type!r}; use one of {''.join(_TYPES)} or a ctypes number type"
        )
    return code


# --- locks ---------------------------------------------------------------------------


class _Sync:
    _kind = "lock"
    _slots = 1

    def __init__(self, value: int = 0) -> None:
        self._id, buffer = _new_buffer(self._kind, 4 * self._slots)
        self._cells = js.Int32Array.new(buffer)
        self._cells[0] = value

    def __reduce__(self) -> tuple[Callable[..., _Sync], tuple[type[Self], str]]:
        return (_rebuild_sync, (type(self), self._id))

    def _wait_while(self, expected: int, deadline: float | None) -> bool:
        """Sleeps while cell 0 still holds ``expected``, in 50 ms steps so Stop is seen."""
        left = 50 if deadline is None else min(50, (deadline - time.monotonic()) * 1000)
        if left > 0:
            js.Atomics.wait(self._cells, 0, expected, left)
        return deadline is None or time.monotonic() < deadline


def _rebuild_sync(cls: type[_Sync], sab_id: str) -> _Sync:
    sync = cls.__new__(cls)
    sync._id = sab_id
    sync._cells = js.Int32Array.new(_buffer(sab_id))
    return sync


class Lock(_Sync):
    def __init__(self, *, ctx: Any = None) -> None:
        super().__init__(0)

    def acquire(self, block: bool = True, timeout: float | None = None) -> bool:
        if js.Atomics.compareExchange(self._cells, 0, 0, 1) == 0:
            return True
        if not block:
            return False
        deadline = None if timeout is None or timeout < 0 else time.monotonic() + timeout
        start = _hub.clock()
        try:
            while True:
                going = self._wait_while(1, deadline)
                if js.Atomics.compareExchange(self._cells, 0, 0, 1) == 0:
                    return True
                if not going:
                    return False
        finally:
            _hub.record("blocked", start, _hub.clock(), f"{type(self).__name__}.acquire")

    def release(self) -> None:
        if js.Atomics.compareExchange(self._cells, 0, 1, 0) != 1:
            raise ValueError("semaphore or lock released too many times")
        js.Atomics.notify(self._cells, 0, 1)

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __repr__(self) -> str:
        return f"<{type(self).__name__}({'locked' if self._cells[0] else 'unlocked'})>"


class RLock(Lock):
    """A lock its owner (a process) may take again; cells: state, owner pid, depth."""

    _slots = 3

    def acquire(self, block: bool = True, timeout: float | None = None) -> bool:
        import os

        if self._cells[0] == 1 and self._cells[1] == os.getpid():
            self._cells[2] = self._cells[2] + 1
            return True
        if not super().acquire(block, timeout):
            return False
        self._cells[1] = os.getpid()
        self._cells[2] = 1
        return True

    def release(self) -> None:
        import os

        if self._cells[0] != 1 or self._cells[1] != os.getpid():
            raise AssertionError("attempt to release recursive lock not owned by thread")
        self._cells[2] = self._cells[2] - 1
        if self._cells[2] == 0:
            self._cells[1] = 0
            super().release()


class Semaphore(_Sync):
    _kind = "sem"

    def __init__(self, value: int = 1, *, ctx: Any = None) -> None:
        if value < 0:
            raise ValueError("semaphore initial value must be >= 0")
        super().__init__(value)

    def acquire(self, block: bool = True, timeout: float | None = None) -> bool:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            current = js.Atomics.load(self._cells, 0)
            if current > 0:
                if js.Atomics.compareExchange(self._cells, 0, current, current - 1) == current:
                    return True
                continue
            if not block or not self._wait_while(0, deadline):
                return False

    def release(self) -> None:
        js.Atomics.add(self._cells, 0, 1)
        js.Atomics.notify(self._cells, 0, 1)

    def get_value(self) -> int:
        return int(js.Atomics.load(self._cells, 0))

    __enter__ = Lock.__enter__
    __exit__ = Lock.__exit__


BoundedSemaphore = Semaphore


class Event(_Sync):
    _kind = "event"

    def __init__(self, *, ctx: Any = None) -> None:
        super().__init__(0)

    def is_set(self) -> bool:
        return js.Atomics.load(self._cells, 0) == 1

    def set(self) -> None:
        js.Atomics.store(self._cells, 0, 1)
        js.Atomics.notify(self._cells, 0)

    def clear(self) -> None:
        js.Atomics.store(self._cells, 0, 0)

    def wait(self, timeout: float | None = None) -> bool:
        deadline = None if timeout is None else time.monotonic() + timeout
        start = _hub.clock()
        try:
            while not self.is_set():
                if not self._wait_while(0, deadline):
                    break
            return self.is_set()
        finally:
            _hub.record("blocked", start, _hub.clock(), "Event.wait")


# --- values and arrays ---------------------------------------------------------------


class _Shared:
    def __init__(self, code: str | type, length: int, lock: bool | Lock) -> None:
        self._code = _typecode(code)
        name, size = _TYPES[self._code]
        self._length = length
        self._id, buffer = _new_buffer("mem", size * length)
        self._view = getattr(js, name).new(buffer, 0, length)
        self._lock = (Lock() if lock is True else lock) if lock else None

    def __reduce__(self) -> tuple[Callable[..., _Shared], tuple[type[Self], str, str, int, Lock | None]]:
        return (_rebuild_shared, (type(self), self._id, self._code, self._length, self._lock))

    def _load(self, index: int) -> int | float | bytes:
        raw = self._view[index]
        if self._code == "c":
            return bytes([raw])
        return bool(raw) if self._code == "?" else raw

    def _store(self, index: int, value: int | float | bytes | bytearray) -> None:
        if self._code == "c":
            value = value[0] if isinstance(value, (bytes, bytearray)) else value
        if self._code in "qQ":
            self._view[index] = js.BigInt(int(value))
        else:
            self._view[index] = int(value) if self._code in "bBhHiIlL?c" else float(value)

    def get_lock(self) -> Lock:
        if self._lock is None:
            raise AttributeError("this shared object was made with lock=False, so it has no lock")
        return self._lock

    def get_obj(self) -> Self:
        return self

    def __enter__(self) -> bool:
        return self.get_lock().__enter__()

    def __exit__(self, *exc: object) -> None:
        return self.get_lock().__exit__(*exc)


def _rebuild_shared(cls: type[_Shared], sab_id: str, code: str, length: int, lock: Lock | None) -> _Shared:
    shared = cls.__new__(cls)
    shared._code, shared._length, shared._id, shared._lock = code, length, sab_id, lock
    shared._view = getattr(js, _TYPES[code][0]).new(_buffer(sab_id), 0, length)
    return shared


class SharedValue(_Shared):
    def __init__(self, typecode_or_type: str | type, value: int | float | bytes = 0, lock: bool | Lock = True) -> None:
        super().__init__(typecode_or_type, 1, lock)
        self._store(0, value)

    @property
    def value(self) -> int | float | bytes:
        return self._load(0)

    @value.setter
    def value(self, new: int | float | bytes) -> None:
        self._store(0, new)

    def __repr__(self) -> str:
        return f"<Synchronized wrapper for c_{self._code}({self.value!r})>"


class SharedArray(_Shared):
    def __init__(
        self,
        typecode_or_type: str | type,
        size_or_initializer: int | Iterable[int | float | bytes],
        lock: bool | Lock = True,
    ) -> None:
        initial = None if isinstance(size_or_initializer, int) else list(size_or_initializer)
        super().__init__(typecode_or_type, len(initial) if initial is not None else size_or_initializer, lock)
        if initial:
            self[:] = initial

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index: int | slice) -> int | float | bytes | list[Any]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._length)
            if step == 1 and self._code not in "c?":
                return list(self._view.subarray(start, stop).to_py())
            return [self._load(i) for i in range(start, stop, step)]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("invalid index")
        return self._load(index)

    def __setitem__(self, index: int | slice, value: int | float | bytes | Iterable[Any]) -> None:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._length)
            values = list(value)
            if len(values) != len(range(start, stop, step)):
                raise ValueError("Can only assign sequence of same size")
            if step == 1 and self._code in "bBhHiIlLfd" and values:
                self._view.set(to_js(values), start)
                return
            for i, item in zip(range(start, stop, step), values, strict=False):
                self._store(i, item)
            return
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("invalid index")
        self._store(index, value)

    def __iter__(self) -> Iterator[int | float | bytes]:
        return iter(self[:])

    def __repr__(self) -> str:
        return f"<SynchronizedArray wrapper for c_{self._code}_Array_{self._length}>"


def Value(typecode_or_type: str | type, *args: Any, lock: bool | Lock = True, ctx: Any = None) -> SharedValue:
    return SharedValue(typecode_or_type, *args, lock=lock)


def Array(
    typecode_or_type: str | type,
    size_or_initializer: int | Iterable[int | float | bytes],
    *,
    lock: bool | Lock = True,
    ctx: Any = None,
) -> SharedArray:
    return SharedArray(typecode_or_type, size_or_initializer, lock=lock)


def RawValue(typecode_or_type: str | type, *args: Any) -> SharedValue:
    return SharedValue(typecode_or_type, *args, lock=False)


def RawArray(typecode_or_type: str | type, size_or_initializer: int | Iterable[int | float | bytes]) -> SharedArray:
    return SharedArray(typecode_or_type, size_or_initializer, lock=False)


del ctypes
