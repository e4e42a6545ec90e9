"""Pipes between the app's processes, with room for a whole frame so that a sender does not wait.

A ring-8 state (both networks' weights) is about 140 KB and a frame's snapshot several hundred,
while a Linux pipe holds 64 KB: every send waited until the other process came round to read.
Measured in the app on 2 cores, the trainer spent 1.6 s of every 9 blocked in sending states
to the evaluator, 5.5 ms a frame. With 1 MB pipes the message is written and training goes on.
"""

from __future__ import annotations

import multiprocessing as mp

PIPE_BYTES = 1 << 20  # Linux lets any user raise a pipe to /proc/sys/fs/pipe-max-size, 1 MiB by default
F_SETPIPE_SZ = 1031  # fcntl.F_SETPIPE_SZ (Linux)


def one_way_pipe(ctx) -> tuple[mp.connection.Connection, mp.connection.Connection]:
    """(receiving end, sending end) of a pipe made as large as the system allows, up to PIPE_BYTES."""
    recv, send = ctx.Pipe(duplex=False)
    widen(send)
    return recv, send


def widen(conn, size: int = PIPE_BYTES) -> int:
    """Raise the pipe's capacity to `size` bytes where the system allows; the capacity it has (0 if unknown)."""
    try:
        import fcntl

        return fcntl.fcntl(conn.fileno(), getattr(fcntl, "F_SETPIPE_SZ", F_SETPIPE_SZ), size)
    except (ImportError, OSError):  # not Linux, or above the system's limit: the default pipe still works
        return 0
