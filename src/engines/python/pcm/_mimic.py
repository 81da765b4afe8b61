"""What the site puts in the standard library's place looks like what it replaces.

A function or class that stands in for one of CPython's keeps its ``__module__``,
``__qualname__``, ``__name__``, docstring and ``inspect.signature``, so it pickles by
reference, prints and introspects as the original does. Classes that stand in for C types
refuse to be pickled, and, where the C type does, to be subclassed, with CPython's words.
"""

import annotationlib
import inspect
from collections.abc import Callable
from types import FunctionType
from typing import Any, NoReturn, TypeVar

Named = TypeVar("Named", bound=Callable[..., Any])


def _signature(original: object) -> inspect.Signature | None:
    try:
        return inspect.signature(original)
    except NameError:
        # A class's methods are dressed before the class's own name exists, so an
        # annotation that names it cannot be evaluated yet: it is kept as a string.
        return inspect.signature(original, annotation_format=annotationlib.Format.STRING)
    except TypeError, ValueError:
        return None


def like(original: object, module: str | None = None, qualname: str | None = None) -> Callable[[Named], Named]:
    """Decorator: the function (or class) takes ``original``'s name, module, doc and signature.

    ``module`` and ``qualname`` override what ``original`` says (for a stand-in whose original
    is not at hand, or lives elsewhere in CPython than in this build).
    """

    def dress(replacement: Named) -> Named:
        replacement.__module__ = module or getattr(original, "__module__", None) or replacement.__module__
        replacement.__qualname__ = qualname or getattr(original, "__qualname__", replacement.__qualname__)
        replacement.__name__ = replacement.__qualname__.rsplit(".", 1)[-1]
        doc = getattr(original, "__doc__", None)
        if doc is not None:
            replacement.__doc__ = doc
        if callable(original) and not isinstance(replacement, type):
            signature = _signature(original)
            replacement.__signature__ = signature or plain_signature(replacement)
        return replacement

    return dress


def alias(function: FunctionType, original: object) -> FunctionType:
    """A copy of ``function`` under the name of ``original``, one of CPython's aliases
    (``_thread.allocate`` of ``allocate_lock``), which is a function of its own there."""
    copy = FunctionType(
        function.__code__, function.__globals__, function.__name__, function.__defaults__, function.__closure__
    )
    copy.__kwdefaults__ = function.__kwdefaults__
    copy.__dict__.update(function.__dict__)
    return like(original)(copy)


def plain_signature(function: Callable[..., Any]) -> inspect.Signature | None:
    """``function``'s signature without the site's type hints (CPython's have none)."""
    signature = _signature(function)
    if signature is None:
        return None
    empty = inspect.Signature.empty
    parameters = [parameter.replace(annotation=empty) for parameter in signature.parameters.values()]
    return signature.replace(parameters=parameters, return_annotation=empty)


def dress(replacement: Any, module: str, qualname: str, original: object = None) -> Any:
    """``replacement`` takes ``module`` and ``qualname``, and the signature (and doc) of
    ``original`` when there is one, or else its own without type hints."""
    replacement.__module__ = module
    replacement.__qualname__ = qualname
    replacement.__name__ = qualname.rsplit(".", 1)[-1]
    if original is not None and getattr(original, "__doc__", None):
        replacement.__doc__ = original.__doc__
    if callable(replacement):
        signature = _signature(original) if original is not None else None
        replacement.__signature__ = signature or plain_signature(replacement)
    if isinstance(replacement, type):
        _dress_methods(replacement, original)
    return replacement


def _dress_methods(cls: type, original: object, home: str | None = None, *, c_methods: bool = False) -> None:
    """The methods ``cls`` defines take its module and qualified name, and the signature of
    ``original``'s method of the same name (or their own, without type hints).

    ``home`` is the module the methods were written in (others are left as they are).
    ``c_methods``: they stand in for a C type's methods, which say no module."""
    home = home or _home(cls)
    for name, attribute in vars(cls).items():
        function = attribute.fget if isinstance(attribute, property) else getattr(attribute, "__func__", attribute)
        if not isinstance(function, FunctionType) or function.__module__ != home:
            continue
        function.__module__ = None if c_methods else cls.__module__
        function.__qualname__ = f"{cls.__qualname__}.{function.__name__}"
        if isinstance(attribute, staticmethod):
            # A staticmethod answers for its function's names (``__new__`` is one).
            attribute.__qualname__, attribute.__name__ = function.__qualname__, function.__name__
        if "__signature__" in function.__dict__:
            continue
        theirs = getattr(original, name, None) if isinstance(original, type) else None
        signature = _signature(theirs) if callable(theirs) else None
        function.__signature__ = signature or plain_signature(function)


def _home(cls: type) -> str:
    """The module a class's own methods were written in."""
    for attribute in vars(cls).values():
        function = getattr(attribute, "__func__", attribute)
        if isinstance(function, FunctionType):
            return function.__module__
    return cls.__module__


def type_name(obj: object) -> str:
    """CPython's ``tp_name`` of ``obj``'s type: ``module.qualname`` for a C type (and the
    site's stand-ins for them), the bare name for a class written in Python."""
    cls = type(obj)
    return cls.__dict__.get("_c_name") or cls.__name__


def refuse_pickle(self: object, protocol: int = 0) -> NoReturn:
    """``__reduce_ex__`` of a C object that cannot be pickled (locks, queues, thread handles)."""
    raise TypeError(f"cannot pickle {type_name(self)!r} object")


def c_type(name: str, *, base: bool, doc: str | None = None) -> Callable[[type], type]:
    """Decorator: the class stands in for the C type ``name`` (``module.qualname``)."""
    module, _, qualname = name.rpartition(".")

    def dress(cls: type) -> type:
        home = cls.__module__
        cls.__module__ = module
        cls.__qualname__ = qualname
        cls.__name__ = qualname.rsplit(".", 1)[-1]
        cls._c_name = name
        real = _real_type(name)
        signature = _signature(real) if real is not None else None
        cls.__signature__ = signature or plain_signature(cls)
        if doc is not None:
            cls.__doc__ = doc
        cls.__reduce_ex__ = refuse_pickle
        if not base:

            def no_subclass(subclass: type, /, **kwargs: object) -> NoReturn:
                raise TypeError(f"type {name!r} is not an acceptable base type")

            cls.__init_subclass__ = classmethod(no_subclass)
        # The methods of a C type say no module; their signatures are the C type's own.
        _dress_methods(cls, real, home, c_methods=True)
        return cls

    return dress


def _real_type(name: str) -> Any:
    """The interpreter's own C type ``module.qualname``, if it has one."""
    import sys

    module, _, qualname = name.rpartition(".")
    found: Any = sys.modules.get(module)
    for part in qualname.split("."):
        found = getattr(found, part, None)
    return found if isinstance(found, type) else None
