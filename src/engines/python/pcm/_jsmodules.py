"""The worker's JavaScript modules (``_pcm_js``, ``_pcm_proc``), which an image cannot hold.

The interpreter's memory image holds this package already imported (``pcm.load``), so that
no interpreter compiles and runs its modules again. A JavaScript object cannot be kept in an
image, though, and the worker registers its modules only once the interpreter is restored.
Until then each is stood in for by a module of the same name, which the package's modules
import as usual; ``attach`` connects it to the registered module, and from then on its
attributes are the module's. An interpreter that imports the package after the worker has
registered its modules (no image, or an image made without the package) imports them
directly, and nothing stands in.
"""

import importlib
import sys
import types
from collections.abc import Callable
from typing import Any

NAMES = ("_pcm_js", "_pcm_proc")

# What to run once a module is attached, by name (see when_attached).
_waiting: dict[str, list[Callable[[Any], None]]] = {}


class _StandIn(types.ModuleType):
    """A JavaScript module that is not registered yet; once attached, it reads the module's attributes."""

    def __getattr__(self, name: str) -> Any:
        # Called only for names not in the module's namespace: each is fetched once, then kept.
        module = self.__dict__.get("_attached")
        if name.startswith("__"):
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        if module is None:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r} (not attached yet)")
        value = getattr(module, name)
        setattr(self, name, value)
        return value


def stand_in() -> None:
    """Puts a stand-in in ``sys.modules`` for each JavaScript module not registered yet."""
    for name in NAMES:
        if name not in sys.modules:
            sys.modules[name] = _StandIn(name)


def attach() -> None:
    """Connects each stand-in to the module the worker registered, or removes it if there is none.

    Runs what ``when_attached`` deferred. A child process has no ``_pcm_js`` (no thread
    layer): importing it then fails as it would have without the image.
    """
    for name in NAMES:
        module = sys.modules.get(name)
        if not isinstance(module, _StandIn) or "_attached" in module.__dict__:
            continue
        del sys.modules[name]
        try:
            registered = importlib.import_module(name)
        except ImportError:
            continue
        module.__dict__["_attached"] = registered
        sys.modules[name] = module
        for callback in _waiting.pop(name, []):
            callback(module)


def when_attached(name: str, callback: Callable[[Any], None]) -> None:
    """Calls ``callback(module)`` once the JavaScript module ``name`` is attached (now, if it is)."""
    module = sys.modules.get(name)
    if module is None:
        module = importlib.import_module(name)
    if not isinstance(module, _StandIn) or "_attached" in module.__dict__:
        callback(module)
    else:
        _waiting.setdefault(name, []).append(callback)
