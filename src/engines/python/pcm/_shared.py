"""``multiprocessing.Value`` and ``Array`` (and their raw forms) over shared memory.

Every process maps the same buffer, so a write in one is seen by all, with the same races
as in CPython: ``counter.value += 1`` is a read and a write, and two processes can
interleave them; ``get_lock()`` gives the shared lock that prevents it.
"""

import ctypes
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Self

import js
from pyodide.ffi import to_js

from . import _buffers
from ._sync import Lock


class _Shared:
    def __init__(self, code: str | type, length: int, lock: bool | Lock) -> None:
        self._code = _buffers.typecode(code)
        name, size = _buffers.TYPES[self._code]
        self._length = length
        self._id, buffer = _buffers.new_buffer("mem", size * length)
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
    shared._view = getattr(js, _buffers.TYPES[code][0]).new(_buffers.buffer(sab_id), 0, length)
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
