"""Shared memory between processes: ``SharedArrayBuffer`` blocks known by id.

A block made in one process is registered with the process hub, so any process of the run
can map the same memory by its id (pickling a shared object sends only the id). A Pyodide
interpreter cannot map a SharedArrayBuffer into its own memory, so values are read and
written through JavaScript typed arrays rather than ctypes objects.
"""

from collections.abc import Iterable, Sequence
from typing import Any

import js

from . import _hub

_buffers: dict[str, Any] = {}

# Typecode -> (typed array constructor name, item size). wasm32 has 4-byte C longs.
TYPES = {
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


def new_buffer(kind: str, nbytes: int) -> tuple[str, Any]:
    """A new block of at least ``nbytes`` bytes, registered with the hub; returns (id, buffer)."""
    sab_id = _hub.new_id(kind)
    buffer = js.SharedArrayBuffer.new(max(8, nbytes))
    _buffers[sab_id] = buffer
    _hub.send("sab_put", sab_id, buffer)
    return sab_id, buffer


def buffer(sab_id: str) -> Any:
    """The block with this id (asking the hub if this process has not seen it); FileNotFoundError if none."""
    buffer = _buffers.get(sab_id)
    if buffer is None:
        buffer = _hub.call("sab_get", sab_id)
        if buffer is None:
            raise FileNotFoundError(f"no shared memory block {sab_id!r} (it belonged to an earlier run?)")
        _buffers[sab_id] = buffer
    return buffer


def typecode(typecode_or_type: str | type) -> str:
    """The array typecode of a typecode or ctypes type; TypeError for types shared memory cannot hold."""
    if isinstance(typecode_or_type, str):
        code = typecode_or_type
    else:
        code = getattr(typecode_or_type, "_type_", None)
    if code not in TYPES:
        raise TypeError(
            f"unsupported shared type {typecode_or_type!r}; use one of {''.join(TYPES)} or a ctypes number type"
        )
    return code


def register(sab_id: str, block: Any) -> None:
    """Records a block this process made or was given under ``sab_id``."""
    _buffers[sab_id] = block


def forget(sab_id: str) -> None:
    """This process no longer maps the block ``sab_id`` (SharedMemory.close)."""
    _buffers.pop(sab_id, None)
