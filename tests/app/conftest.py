"""The real window with its two child processes, for the app's tests.

The rule of this suite: no assertion on a duration, and no fixed wait followed by "nothing changed".
A test waits for an event (a frame that satisfies a predicate, a reply, an exit) under a generous
ceiling, so that a slow or busy machine makes it take longer, never fail. To show that a command
changed nothing, `settle` first proves that the trainer has handled it. Durations belong in
benchmarks/.
"""

import itertools
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QSettings

from ganviz.app.session.protocol import Pong
from ganviz.app.window import MainWindow

FIRST_FRAME_MS = 120000  # ceilings only: two child processes import torch and build their networks first
FRAME_MS = 60000  # a ceiling: on a quiet machine the frame comes in milliseconds


def wait_frame(qtbot, window, predicate, timeout=FRAME_MS):
    """Wait until the newest frame the window drew satisfies `predicate`; return that frame."""
    qtbot.waitUntil(lambda: window.last_frame is not None and predicate(window.last_frame), timeout=timeout)
    return window.last_frame


_tokens = itertools.count()


def settle(qtbot, window, timeout=FRAME_MS):
    """Wait until the trainer has handled every command sent so far; return its state then (step, playing,
    status, generation, config_json), as its answer to a ping, which comes after the commands before it."""
    token = ("settle", next(_tokens))
    seen: list[dict] = []

    def on_reply(message):
        if isinstance(message, Pong) and message.token == token:
            seen.append(message.state)

    window.client.replied.connect(on_reply)
    try:
        assert window.client.send("ping", token), "the trainer is not running"
        qtbot.waitUntil(lambda: bool(seen), timeout=timeout)
    finally:
        window.client.replied.disconnect(on_reply)
    return SimpleNamespace(**seen[0])


@pytest.fixture
def settings_path(tmp_path):
    """The window's settings file (and so its autosave's folder), inside the test's tmp_path."""
    return tmp_path / "s.ini"


@pytest.fixture
def open_window(qtbot, settings_path):
    """Opens MainWindows that have drawn a first frame; closes any still open at the end of the test."""
    windows = []

    def make(config):
        window = MainWindow(config, QSettings(str(settings_path), QSettings.IniFormat))
        windows.append(window)
        window.show()
        wait_frame(qtbot, window, lambda f: True, FIRST_FRAME_MS)
        return window

    yield make
    for window in windows:
        window.close()
