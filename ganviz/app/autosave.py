"""Saving the running experiment from the app: full-state files, autosave, and recovery after a crash.

The trainer process holds the state, so a save is a request: ("save",) goes out, the state's
bytes come back, and the GUI adds the histories it keeps (the trainer's evaluator sends them
here, not to the trainer) before writing the file atomically.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from ganviz.core import experiment_file
from ganviz.core.errors import ConfigError

log = logging.getLogger("ganviz")

AUTOSAVE_S = 180.0  # seconds between autosaves of a run that moved


class ExperimentSaver(QObject):
    """Asks the trainer for its state and writes it, with the GUI's histories, where each request said."""

    saved = Signal(str)  # the path written
    failed = Signal(str)  # why a save failed

    def __init__(self, send: Callable[..., bool], parent: QObject | None = None):
        """`send(*command)` reaches the trainer (TrainerClient.send)."""
        super().__init__(parent)
        self._send = send
        self._waiting: list[Path] = []  # one path per request, answered in order

    def request(self, path: Path) -> bool:
        """Ask for the state to be saved to `path`; False if the trainer is not there."""
        if not self._send("save"):
            self.failed.emit(f"cannot save {path}: the trainer is not running")
            return False
        self._waiting.append(Path(path))
        return True

    def write(self, data: bytes, histories: Mapping[str, np.ndarray], changes: list[dict] | None = None) -> None:
        """The trainer's answer: write it, with the live setting changes, to the oldest waiting path."""
        if not self._waiting:
            return
        path = self._waiting.pop(0)
        try:
            state = experiment_file.from_bytes(data).with_histories(dict(histories), changes)
            experiment_file.save(path, state)
        except (OSError, ConfigError) as e:
            self.failed.emit(f"cannot save {path}: {getattr(e, 'strerror', None) or e}")
            return
        self.saved.emit(str(path))


def autosave_path(settings: QSettings) -> Path:
    """Where the autosave goes: beside an INI settings file (tests, portable setups), else ~/.cache/ganviz."""
    if settings.format() == QSettings.IniFormat and settings.fileName():
        return Path(settings.fileName()).parent / "autosave.npz"
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "ganviz"
    return base / "autosave.npz"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


class Autosaver(QObject):
    """Saves the run every AUTOSAVE_S seconds when it has moved; notes a clean exit so a crash can be told apart."""

    def __init__(self, saver: ExperimentSaver, settings: QSettings, progress: Callable[[], object],
                 interval_s: float = AUTOSAVE_S, parent: QObject | None = None):
        """`progress()` returns something that changes whenever the run does (e.g. generation and step)."""
        super().__init__(parent)
        self.saver, self.settings, self.progress = saver, settings, progress
        self.path = autosave_path(settings)
        self._last = None
        self.timer = QTimer(self, interval=int(interval_s * 1000))
        self.timer.timeout.connect(self.save_now)

    def crashed_before(self) -> bool:
        """Whether the last session ended without closing (its process is gone) and left an autosave."""
        pid = self.settings.value("session_pid")
        try:
            pid = int(pid) if pid is not None else None
        except (TypeError, ValueError):
            pid = None
        return pid is not None and pid != os.getpid() and not _alive(pid) and self.path.exists()

    def start(self) -> None:
        """Mark this session as running and start the timer."""
        self.settings.setValue("session_pid", os.getpid())
        self.settings.sync()
        self.timer.start()

    def save_now(self) -> None:
        """Autosave unless nothing moved since the last one."""
        now = self.progress()
        if now is None or now == self._last:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.saver.request(self.path):
            self._last = now

    def finish(self) -> None:
        """A clean exit: no recovery offer next time, and the autosave is no longer needed."""
        self.timer.stop()
        self.settings.remove("session_pid")
        self.settings.sync()
        self.path.unlink(missing_ok=True)

    @property
    def recovered_path(self) -> Path:
        """Where a crashed session's autosave waits for an answer, out of the new session's way."""
        return self.path.with_name("autosave-crashed.npz")

    def offer_restore(self, parent: QWidget, restore: Callable[[Path], object]) -> QMessageBox | None:
        """After a crash: a (non-blocking) question whether to reopen the autosaved run.

        The crashed run's file is first moved aside, so this session's autosaves and clean exit
        cannot overwrite or delete it; it stays until Open or Discard is chosen (an unanswered
        question is asked again at the next start).
        """
        recovered = self.recovered_path
        if self.crashed_before():
            os.replace(self.path, recovered)
        if not recovered.exists():
            return None
        box = QMessageBox(QMessageBox.Question, "Restore the last run?",
                          "ganviz did not close properly in an earlier session. Reopen the run it autosaved "
                          f"({recovered})?", QMessageBox.Open | QMessageBox.Discard, parent)
        box.setModal(False)

        def answered(button) -> None:
            if box.standardButton(button) == QMessageBox.Open:
                restore(recovered)  # reads the whole file at once
            recovered.unlink(missing_ok=True)

        box.buttonClicked.connect(answered)
        box.show()
        return box
