"""Constants shared with the page's TypeScript, read from the one file that defines them.

The worker writes ``constants.json`` (src/engines/python/constants.json) into this package.
"""

import json
import pathlib

_values = json.loads(pathlib.Path(__file__).with_name("constants.json").read_text())

#: Stop raises this signal in the interpreter (SIGINT, as Ctrl-C does).
SIGINT: int = _values["signals"]["interrupt"]
#: The switch ticker raises this signal every switch interval (a GIL drop request).
SWITCH_SIGNAL: int = _values["signals"]["switch"]
#: CPython's default ``sys.getswitchinterval()``, in seconds.
DEFAULT_SWITCH_INTERVAL_S: float = _values["defaultSwitchIntervalS"]
#: Longest single wait for an answer, in ms; Stop ends a wait at once in any case.
WAIT_SLICE_MS: float = _values["waitSliceMs"]
#: Waits and pickling shorter than this (ms) stay out of the trace: a pool passing thousands
#: of tiny items would otherwise send the page tens of thousands of invisible spans.
MIN_SPAN_MS: float = _values["minSpanMs"]
#: The file name under which the reader's program runs, as tracebacks show it.
SNIPPET_FILENAME: str = _values["snippetFilename"]
