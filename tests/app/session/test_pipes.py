"""The app's data pipes hold a whole frame, so a sender hands it over without waiting for the reader."""

import multiprocessing as mp
import sys
import threading

import pytest

from ganviz.app.session.pipes import PIPE_BYTES, one_way_pipe

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pipe sizes are a Linux feature")


def test_a_600_kb_message_is_sent_with_nobody_reading():
    recv, send = one_way_pipe(mp.get_context("spawn"))
    message = bytes(range(256)) * (600_000 // 256)
    done = threading.Event()
    writer = threading.Thread(target=lambda: (send.send_bytes(message), done.set()), daemon=True)
    writer.start()
    assert done.wait(2.0), "the send waited for a reader (the pipe was not widened)"
    assert recv.recv_bytes() == message  # and it arrives whole


def test_pipe_capacity_is_raised_to_a_mebibyte():
    import fcntl

    recv, send = one_way_pipe(mp.get_context("spawn"))
    get_size = getattr(fcntl, "F_GETPIPE_SZ", 1032)
    with open("/proc/sys/fs/pipe-max-size") as f:
        allowed = int(f.read())
    assert fcntl.fcntl(send.fileno(), get_size) == min(PIPE_BYTES, allowed) >= 1 << 16
