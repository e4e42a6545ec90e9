"""Play/Pause, single steps, Reset and the speed slider: the buttons that drive training."""

from __future__ import annotations

import math

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QStyle, QToolButton, QWidget

# training steps per displayed frame; below 1 is slow motion (1/8: one step every 8 frames)
SPEEDS: tuple[float, ...] = (1 / 8, 1 / 4, 1 / 2, 1, 2, 5, 10, 20, 50, 100, 200, math.inf)
DEFAULT_SPEED = 10


def speed_text(speed: float) -> str:
    """A speed in words: 'max', '20 steps/frame', '1 step every 4 frames'."""
    if math.isinf(speed):
        return "max"
    if speed < 1:
        return f"1 step every {round(1 / speed)} frames"
    return f"{speed:g} step/frame" if speed == 1 else f"{speed:g} steps/frame"


class TransportControls(QWidget):
    """Buttons for Play/Pause, Step D / Step G / Step both and Reset, and a steps-per-frame slider.

    The buttons show QActions (`play_action`, `step_actions`, `reset_action`) so that the main
    window can give them keyboard shortcuts.
    """

    play_toggled = Signal(bool)
    step_requested = Signal(str)  # "d", "g" or "both"
    reset_requested = Signal()
    speed_changed = Signal(float)  # steps per frame; inf for as fast as possible

    def __init__(self, parent: QWidget | None = None):
        """Paused, at DEFAULT_SPEED steps per frame."""
        super().__init__(parent)
        style = self.style()
        self._icons = {True: style.standardIcon(QStyle.SP_MediaPause), False: style.standardIcon(QStyle.SP_MediaPlay)}
        self.play_action = QAction(self, checkable=True)
        self.play_action.toggled.connect(self._on_play)
        self.step_actions: dict[str, QAction] = {}
        for which, text, tip in (("d", "Step D", "Train the discriminator for one step"),
                                 ("g", "Step G", "Train the generator for one step"),
                                 ("both", "Step both", "Run one training iteration: D then G")):
            action = self.step_actions[which] = QAction(text, self, toolTip=tip)
            action.triggered.connect(lambda _=False, w=which: self.step_requested.emit(w))
        self.reset_action = QAction("Reset", self, toolTip="Start training over from step 0 with the current settings")
        self.reset_action.setIcon(style.standardIcon(QStyle.SP_BrowserReload))
        self.reset_action.triggered.connect(self.reset_requested.emit)
        self._show_playing(False)

        # one row, for the window's Run toolbar: Play and Reset, the single steps, then the speed
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 0, 2, 0)
        for actions in ((self.play_action, self.reset_action), tuple(self.step_actions.values())):
            for action in actions:
                button = QToolButton(toolButtonStyle=Qt.ToolButtonTextBesideIcon)
                button.setDefaultAction(action)
                layout.addWidget(button)
            layout.addSpacing(12)

        self.speed_slider = QSlider(Qt.Horizontal, focusPolicy=Qt.StrongFocus)
        self.speed_slider.setRange(0, len(SPEEDS) - 1)
        self.speed_slider.setPageStep(1)
        self.speed_slider.setTickPosition(QSlider.TicksBelow)
        self.speed_slider.setMinimumWidth(140)
        self.speed_slider.setToolTip("Training steps per displayed frame: left is slow motion, right is as fast "
                                     "as the computer allows")
        self.speed_slider.valueChanged.connect(self._on_speed)
        self._speed_label = QLabel()
        self._speed_label.setMinimumWidth(self._speed_label.fontMetrics().horizontalAdvance("1 step every 8 frames"))
        layout.addWidget(QLabel("Speed"))
        layout.addWidget(self.speed_slider, 1)
        layout.addWidget(self._speed_label)
        self.set_speed(DEFAULT_SPEED)

    def is_playing(self) -> bool:
        """Whether Play is on."""
        return self.play_action.isChecked()

    def set_playing(self, playing: bool) -> None:
        """Show playing or paused without emitting (e.g. when a run diverges and stops)."""
        with QSignalBlocker(self.play_action):
            self.play_action.setChecked(playing)
        self._show_playing(playing)

    def speed(self) -> float:
        """Steps per frame (inf for max)."""
        return SPEEDS[self.speed_slider.value()]

    def set_speed(self, speed: float) -> None:
        """Show the listed speed nearest to `speed` without emitting."""
        index = min(range(len(SPEEDS)), key=lambda i: abs(math.log(min(SPEEDS[i], 1e9) / min(speed, 1e9))))
        with QSignalBlocker(self.speed_slider):
            self.speed_slider.setValue(index)
        self._speed_label.setText(speed_text(SPEEDS[index]))

    def _show_playing(self, playing: bool) -> None:
        self.play_action.setText("Pause" if playing else "Play")
        self.play_action.setIcon(self._icons[playing])
        self.play_action.setToolTip("Pause training" if playing else "Train continuously")
        for action in self.step_actions.values():
            action.setEnabled(not playing)  # single steps are for a paused run

    def _on_play(self, playing: bool) -> None:
        self._show_playing(playing)
        self.play_toggled.emit(playing)

    def _on_speed(self, index: int) -> None:
        self._speed_label.setText(speed_text(SPEEDS[index]))
        self.speed_changed.emit(float(SPEEDS[index]))
