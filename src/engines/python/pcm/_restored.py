"""What an interpreter restored from the memory image takes afresh from where it runs.

Every interpreter of a page, and of every later visit, starts from the same image, made by
the site's build (Pyodide under Node, scripts/make-image.mjs) or by the first browser that
lacked it. The image holds what CPython and its C library read from their surroundings when
they start, so left alone every interpreter would report the machine that made the image.
``refresh()`` reads them again, as a freshly started process would:

- ``random``'s state: otherwise every run and every child process would draw the same
  numbers, where CPython seeds each process from the operating system.
- ``sys._emscripten_info.runtime``: the browser's user agent, as a freshly booted Pyodide in
  that browser reports it.
- The time zone: the C library's ``timezone``, ``daylight`` and ``tzname`` (what
  ``time.strftime("%Z")`` and ``time.localtime().tm_zone`` read), worked out as Emscripten's
  C library does, then the ``time`` module's ``timezone``, ``altzone``, ``daylight`` and
  ``tzname`` as CPython's ``time`` module works them out when it is imported.
- ``LANG``, which Emscripten derives from the browser's preferred language, and the locale of
  character types, which CPython sets from it as it starts (``locale.getlocale()``).

The hash seed of ``str`` and ``bytes`` is fixed when an interpreter starts and cannot change
afterwards: it stays the image's.
"""

import _locale
import ctypes
import os
import sys
import time

import js

# CPython's time module steps from January to July in years of 365 days and 6 hours.
_YEAR_S = (365 * 24 + 6) * 3600
# The C library's tzname points at these; they must live as long as the interpreter.
_zone_names: list[ctypes.Array[ctypes.c_char]] = []


def refresh() -> None:
    """Reads the randomness, the browser, its time zone and its language afresh."""
    random = sys.modules.get("random")
    if random is not None:
        random.seed()
    navigator = getattr(js, "navigator", None)
    info = sys._emscripten_info  # type: ignore[attr-defined]
    runtime = getattr(navigator, "userAgent", None)
    if isinstance(runtime, str):
        sys._emscripten_info = type(info)(  # type: ignore[attr-defined]
            (info.emscripten_version, runtime, info.pthreads, info.shared_memory)
        )
    languages = getattr(navigator, "languages", None)
    language = languages[0] if languages is not None and len(languages) else "C"
    os.environ["LANG"] = f"{language.replace('-', '_', 1)}.UTF-8"
    # CPython sets the character type's locale from the environment as it starts.
    try:
        _locale.setlocale(_locale.LC_CTYPE, "")
    except _locale.Error:
        pass
    _refresh_time_zone()


def _utc_name(minutes_west: int) -> str:
    """Emscripten's name for an offset: ``UTC+0100`` for an hour east of UTC."""
    sign = "-" if minutes_west >= 0 else "+"
    hours, minutes = divmod(abs(minutes_west), 60)
    return f"UTC{sign}{hours:02d}{minutes:02d}"


def _refresh_time_zone() -> None:
    libc = ctypes.CDLL(None)
    year = js.Date.new().getFullYear()
    winter = int(js.Date.new(year, 0, 1).getTimezoneOffset())
    summer = int(js.Date.new(year, 6, 1).getTimezoneOffset())
    ctypes.c_long.in_dll(libc, "timezone").value = max(winter, summer) * 60
    ctypes.c_int.in_dll(libc, "daylight").value = int(winter != summer)
    standard, daylight = (winter, summer) if summer < winter else (summer, winter)
    _zone_names[:] = [ctypes.create_string_buffer(_utc_name(offset).encode()) for offset in (standard, daylight)]
    names = (ctypes.c_void_p * 2).in_dll(libc, "tzname")
    for index, name in enumerate(_zone_names):
        names[index] = ctypes.addressof(name)

    start = int(time.time()) // _YEAR_S * _YEAR_S
    january, july = time.localtime(start), time.localtime(start + _YEAR_S // 2)
    january_zone, july_zone = -january.tm_gmtoff, -july.tm_gmtoff
    # Southern summers fall in January: the standard zone is then July's.
    if january_zone < july_zone:
        january, july = july, january
        january_zone, july_zone = july_zone, january_zone
    time.timezone, time.altzone = january_zone, july_zone
    time.daylight = int(january_zone != july_zone)
    time.tzname = (january.tm_zone[:9], july.tm_zone[:9])
