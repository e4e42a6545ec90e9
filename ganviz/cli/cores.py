"""How many cores this process may run on: the default for --threads and --workers."""

from __future__ import annotations

import os


def usable_cores() -> int:
    """The cores this process may be scheduled on (its affinity on Linux, else the machine's count)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)
