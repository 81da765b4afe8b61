"""Fresh randomness for an interpreter restored from the memory image.

Every interpreter of a page, and of every later visit, starts from the same image, which
holds ``random``'s state as it was when the image was made. Left alone, every run and every
child process would draw the same "random" numbers, where CPython seeds each process from
the operating system. The hash seed of ``str`` and ``bytes`` is fixed when an interpreter
starts and cannot change afterwards: it stays the image's.
"""

import sys


def refresh() -> None:
    """Seeds ``random``'s shared generator from ``os.urandom``, as a new CPython process does."""
    random = sys.modules.get("random")
    if random is not None:
        random.seed()
