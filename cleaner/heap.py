"""Giving the C heap's free pages back to the system.

Building the rules' screen frees about 35 MB of RE2's compile scratch into the C heap,
where glibc keeps it resident: a process would count it for nothing, and a forked worker's
first allocations would land in those pages and copy them.
"""

from __future__ import annotations

import contextlib
import ctypes


def trim() -> None:
    """glibc's ``malloc_trim(0)``; a no-op where the C library has none."""
    with contextlib.suppress(AttributeError, OSError):
        ctypes.CDLL(None).malloc_trim(0)
