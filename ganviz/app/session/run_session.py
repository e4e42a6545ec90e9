"""The run as the window process knows it: one object between the window and the trainer process.

A Session owns the trainer client, the config the next reset will run, the run's generation (it
bumps at every reset, load and rewind), the newest frame, the histories and the live setting
changes marked on them. It sends every command and reads every reply, keeping that state true,
and tells the window what happened through signals; the window lays out, draws and asks.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ganviz.app.autosave import ExperimentSaver
from ganviz.app.change_log import ChangeLog
from ganviz.app.controls.timeline import keep_history_before
from ganviz.app.history import HistoryBuffer
from ganviz.app.session.client import TrainerClient
from ganviz.app.session.protocol import Frame, Moved, Refused, SavedState
from ganviz.core.config import Config, changed_keys, from_json
from ganviz.core.experiment_file import State, to_bytes

STANDING = ("spectrum", "neurons")  # commands that hold until changed: a trainer process started later gets them too


class Session(QObject):
    """One run in the trainer process, seen from the window process."""

    frame = Signal(object)  # a Frame, after its rows are in the histories
    moved = Signal(object)  # Moved: a file was opened or the run rewound; config is the run's (or its pending)
    refused = Signal(str, str)  # key, message: a command or setting refused, the run unchanged
    file_refused = Signal(str)  # why an experiment file opened was refused (the run goes on as it was)
    failed = Signal(str, str)  # message, details: an exception in a training step (training paused)
    died = Signal(str)  # the trainer process ended without being asked to
    marks_changed = Signal()  # the live setting changes (marks on the histories) are others now
    replied = Signal(object)  # every typed reply, for parts added to the window (host.on_reply)

    def __init__(self, config: Config, parent: QObject | None = None):
        super().__init__(parent)
        self.config = config  # the settings the next reset runs (what the controls show)
        self.generation = 0
        self.last_frame: Frame | None = None
        self.history = HistoryBuffer()
        self.changes = ChangeLog()  # live setting changes of this run, marked on the history plots
        self.client = TrainerClient(self)
        self.client.frame_ready.connect(self._on_frame)
        self.client.replied.connect(self._on_reply)
        self.client.errored.connect(self.failed)
        self.client.died.connect(self.died)
        self.saver = ExperimentSaver(self.client.send, self)
        self._opened_history: dict = {}  # histories of a file being opened, until the trainer has loaded it
        self._opened_changes: list = []  # its live setting changes, shown as marks once it is loaded
        self._standing: dict[str, tuple] = {}  # the last of each STANDING command: a new process is told again

    # ----- commands ----------------------------------------------------------------------------
    @property
    def alive(self) -> bool:
        """Whether the trainer process is running."""
        return self.client.alive

    def send(self, command: str, *value) -> bool:
        """A command to the trainer process (session.protocol); False if it is not running."""
        if command in STANDING:
            self._standing[command] = value
        return self.client.send(command, *value)

    def start(self, speed: float) -> None:
        """A trainer process for the config, at `speed` steps per frame; the old run's records are dropped
        (a new process numbers its resets from 0 again)."""
        self.client.start(self.config.to_json())
        self.generation = -1
        self.history.clear()
        self.client.send("speed", speed)
        for command, value in self._standing.items():
            self.client.send(command, *value)

    def reset(self, config: Config) -> None:
        """Start over with `config` in the running trainer (a dead one is replaced with start())."""
        self.config = config
        self.client.send("reset", config.to_json())

    def change(self, key: str, value, config: Config, live: bool) -> None:
        """One setting changed to `value` (`config` is the settings with it); a live one is marked."""
        old = self.config.to_dict().get(key)
        self.config = config
        if self.client.send("apply", {key: value}) and live:  # others wait for a reset
            self.note_change(key, old, value)

    def apply_live(self, config: Config) -> None:
        """Send the trainer the keys in which `config` differs, without a reset; each is marked."""
        before = self.config.to_dict()
        changes = {k: v for k, v in config.to_dict().items() if k in changed_keys(self.config, config)}
        self.config = config
        if changes and self.client.send("apply", changes):
            for key, value in changes.items():
                self.note_change(key, before.get(key), value)

    def note_change(self, key: str, old, new) -> None:
        """Mark a live change at the step last drawn."""
        self.changes.record(self.last_frame.step if self.last_frame is not None else 0, key, old, new)
        self.marks_changed.emit()

    def open_state(self, state: State) -> None:
        """Become a saved run: the running trainer builds its networks and answers Moved("loaded") or Refused."""
        self._opened_history = state.histories()
        self._opened_changes = state.changes()
        self.client.send("load", to_bytes(state))

    def stop(self) -> None:
        """End the trainer and evaluator processes."""
        self.client.stop()

    # ----- what comes back ---------------------------------------------------------------------
    def _on_frame(self) -> None:
        frame = self.client.take_frame()
        if frame is None:
            return
        if frame.generation != self.generation:
            self.generation = frame.generation
            self.history.clear()
            self.changes.clear()
            self.marks_changed.emit()
        for row in frame.rows:
            self.history.append(row)
        self.last_frame = frame
        self.frame.emit(frame)

    def _on_reply(self, message) -> None:
        if isinstance(message, Refused) and message.key == "experiment":
            self._opened_history, self._opened_changes = {}, []
            self.file_refused.emit(message.message)
        elif isinstance(message, Refused):
            self.refused.emit(message.key, message.message)
        elif isinstance(message, SavedState):
            for row in message.rows:  # records made since the last frame
                self.history.append(row)
            self.saver.write(message.data, self.history.arrays(), [c.to_dict() for c in self.changes.changes])
        elif isinstance(message, Moved):
            self._went_to(message)
        self.replied.emit(message)

    def _went_to(self, moved: Moved) -> None:
        """The trainer opened a file or rewound: keep the histories up to there, and its settings."""
        self.generation = moved.generation  # comes before any frame of the new generation
        loaded = moved.kind == "loaded"
        series, self._opened_history = (self._opened_history, {}) if loaded else (self.history.arrays(), {})
        keep_history_before(self.history, series, moved.step)
        if loaded:
            self.changes.load(self._opened_changes)  # the opened run's own marks
            self._opened_changes = []
        else:
            self.changes.keep_before(moved.step)
        self.marks_changed.emit()
        self.config = from_json(moved.pending_json or moved.config_json)
        self.moved.emit(moved)
