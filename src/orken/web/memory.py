"""Keep a long-running server's memory flat where the C library is glibc (Debian, most Linux).

Found by a 12-minute soak (bench/soak.py, 48 clients, PostgreSQL): the server's Python heap stayed
flat (the same allocated blocks and GC objects at minute 1 and minute 5), yet its resident memory
grew by ~2 MiB a minute without levelling off (+13.6 % in 12 minutes). glibc gives threads that
allocate at once their own malloc arenas (up to 8 per core; the server runs 40 worker threads)
and, once a large block has been freed, raises its mmap threshold, so that later buffers of that
size (a response being compressed, a large result) are carved from those arenas, where freed
space fragments instead of going back to the system. With two arenas and a fixed 128 KiB mmap
threshold the same soak grew 2.5 MiB in 4 minutes instead of 10.5, with no loss of throughput.

The standard environment variables set the same thing; a value already set there wins.
"""

from __future__ import annotations

import ctypes
import os

ARENAS = 2
MMAP_THRESHOLD = 128 * 1024
#: glibc's ``mallopt`` parameters (malloc.h)
_M_MMAP_THRESHOLD, _M_ARENA_MAX = -3, -8
SETTINGS = {"MALLOC_ARENA_MAX": (_M_ARENA_MAX, ARENAS), "MALLOC_MMAP_THRESHOLD_": (_M_MMAP_THRESHOLD, MMAP_THRESHOLD)}


def limit_fragmentation() -> dict[str, int]:
    """Apply the settings to this process and, through the environment, to the worker processes it
    starts. Returns what was applied here (empty where the C library has no ``mallopt``)."""
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library this process already uses
    except (OSError, AttributeError):
        mallopt = None
    applied = {}
    for variable, (parameter, value) in SETTINGS.items():
        if variable in os.environ:
            continue  # set by whoever started us: glibc has read it already
        os.environ[variable] = str(value)  # for worker processes, read when they start
        if mallopt is not None and mallopt(parameter, value) == 1:
            applied[variable] = value
    return applied
