"""``multiprocessing.shared_memory.SharedMemory`` over a ``SharedArrayBuffer``.

Blocks are named; the hub keeps each buffer under its name, so another process attaches
to it with ``SharedMemory(name=...)`` and sees the very same bytes.
"""

from collections.abc import Buffer, Iterable
from typing import Any, Self

import js
from pyodide.ffi import to_js

from . import _buffers, _hub


class SharedBytes:
    """``SharedMemory.buf``: the block's bytes, indexable and sliceable like a memoryview.

    It is not a real memoryview (the interpreter cannot map the shared buffer into its own
    memory), so libraries that need the buffer protocol, such as NumPy, cannot wrap it.
    """

    def __init__(self, buffer: Any, size: int) -> None:
        self._bytes = js.Uint8Array.new(buffer, 0, size)
        self._size = size

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, index: int | slice) -> int | bytes:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._size)
            data = bytes(self._bytes.subarray(start, stop).to_py())
            return data if step == 1 else data[::step]
        if index < 0:
            index += self._size
        if not 0 <= index < self._size:
            raise IndexError("index out of range")
        return self._bytes[index]

    def __setitem__(self, index: int | slice, value: int | Buffer | Iterable[int]) -> None:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._size)
            data = bytes(value)
            if step != 1 or len(data) != stop - start:
                raise ValueError("memoryview assignment: lvalue and rvalue have different structures")
            self._bytes.set(to_js(data), start)
            return
        if index < 0:
            index += self._size
        if not 0 <= index < self._size:
            raise IndexError("index out of range")
        if not 0 <= value < 256:
            raise ValueError("memoryview: invalid value for format 'B'")
        self._bytes[index] = value

    def tobytes(self) -> bytes:
        return self[:]

    def tolist(self) -> list[int]:
        return list(self[:])

    def release(self) -> None:
        pass


class SharedMemory:
    """A named block of shared bytes that any process of the run can attach to by name."""

    def __init__(self, name: str | None = None, create: bool = False, size: int = 0, *, track: bool = True) -> None:
        if create:
            if size <= 0:
                raise ValueError("'size' must be a positive number different from zero")
            name = name or f"psm_{_hub.new_id('shm').replace('-', '_')}"
            buffer = js.SharedArrayBuffer.new(size)
            _buffers.register(f"shm:{name}", buffer)
            _hub.send("sab_put", f"shm:{name}", buffer)
        else:
            if name is None:
                raise ValueError("'name' can only be None if create=True")
            try:
                buffer = _buffers.buffer(f"shm:{name}")
            except FileNotFoundError:
                raise FileNotFoundError(f"No such file or directory: '/{name}'") from None
        self._name = name
        self.size = int(buffer.byteLength)
        self.buf = SharedBytes(buffer, self.size)

    @property
    def name(self) -> str:
        return self._name

    def __reduce__(self) -> tuple[type[Self], tuple[str, bool, int]]:
        return (type(self), (self._name, False, self.size))

    def close(self) -> None:
        pass

    def unlink(self) -> None:
        _buffers.forget(f"shm:{self._name}")

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._name!r}, size={self.size})"
