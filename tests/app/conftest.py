"""The real window with its two child processes, for the app's tests."""

import pytest
from PySide6.QtCore import QSettings

from ganviz.app.window import MainWindow

FIRST_FRAME_MS = 30000  # two child processes import torch and build their networks first
FRAME_MS = 10000


def wait_frame(qtbot, window, predicate, timeout=FRAME_MS):
    """Wait until the newest frame the window drew satisfies `predicate`; return that frame."""
    qtbot.waitUntil(lambda: window.last_frame is not None and predicate(window.last_frame), timeout=timeout)
    return window.last_frame


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
