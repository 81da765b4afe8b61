"""Standard input and output as a program sees them here, in every interpreter.

There is no keyboard: ``input()`` says so instead of waiting forever. Output is shown as
plain text, so tracebacks carry no terminal colour codes.
"""

import builtins
import os

from ._mimic import like


@like(builtins.input)
def _no_input(prompt: object = "", /) -> str:
    raise RuntimeError(
        "input() is not supported here: snippets run without a keyboard. Put the value in the code instead."
    )


def install() -> None:
    """Refuses ``input()`` with an explanation and turns off coloured tracebacks."""
    os.environ["PYTHON_COLORS"] = "0"
    builtins.input = _no_input
