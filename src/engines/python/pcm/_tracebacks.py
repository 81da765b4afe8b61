"""Tracebacks of the reader's code only: frames of this package are the site's machinery."""

import os
import sys
import traceback
import types

from ._constants import SNIPPET_FILENAME

_OWN_DIR = os.path.dirname(__file__) + os.sep


def is_own_code(code: types.CodeType) -> bool:
    """Whether ``code`` belongs to this package (never the reader's code)."""
    return code.co_filename.startswith(_OWN_DIR)


def format_exception(error: BaseException) -> str:
    """The report CPython prints for an uncaught ``error``, without this package's frames."""
    if isinstance(error, SyntaxError):
        return "".join(traceback.format_exception_only(type(error), error))
    report = traceback.TracebackException.from_exception(error)
    report.stack = traceback.StackSummary.from_list(
        [frame for frame in report.stack if not frame.filename.startswith(_OWN_DIR)]
    )
    return "".join(report.format())


def where(depth: int = 1) -> str:
    """Where the reader's code is now: `` at line N, in f`` for its innermost frame, or ""."""
    frame = sys._getframe(depth + 1)
    while frame is not None and frame.f_code.co_filename != SNIPPET_FILENAME:
        frame = frame.f_back
    if frame is None:
        return ""
    return f" at line {frame.f_lineno}, in {frame.f_code.co_name}"
