"""The timeline: a slider over the run's checkpoints. Drag back, release to rewind; Play then branches."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QWidget

from ganviz.app.history import HistoryBuffer


class TimelineSlider(QWidget):
    """One notch per checkpoint the trainer keeps, and one for now (the rightmost).

    Moving the handle with the mouse only shows where it would go; releasing it asks for a
    rewind there. Keys and clicks on the groove ask at once. Frames do not move a held handle.
    """

    rewind_requested = Signal(int)  # the checkpoint's step

    def __init__(self, parent: QWidget | None = None):
        """Empty until the first frame tells it the checkpoints."""
        super().__init__(parent)
        self._positions: list[int] = [0]
        self._now = 0
        self.slider = QSlider(Qt.Horizontal, focusPolicy=Qt.StrongFocus)
        self.slider.setPageStep(1)
        self.slider.setToolTip("Checkpoints of this run: drag back and release to rewind there (paused). "
                               "Play then continues from that point: change a setting first to branch the run.")
        self.slider.valueChanged.connect(self._on_value)
        self.slider.sliderReleased.connect(lambda: self._request(self.slider.value()))
        self.readout = QLabel()
        self.readout.setMinimumWidth(self.readout.fontMetrics().horizontalAdvance("back to step 1,000,000"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 4)
        layout.addWidget(QLabel("Timeline"))
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.readout)
        self.set_run([], 0)

    def positions(self) -> list[int]:
        """The steps of the notches, oldest first; the last is now."""
        return list(self._positions)

    def set_run(self, checkpoints: Sequence[int], step: int) -> None:
        """Show the trainer's checkpoints and its step, the handle at now (not while it is held)."""
        if self.slider.isSliderDown():
            return
        positions = [s for s in checkpoints if s < step] + [step]
        self._now = step
        if positions != self._positions:
            self._positions = positions
            with QSignalBlocker(self.slider):
                self.slider.setRange(0, len(positions) - 1)
        with QSignalBlocker(self.slider):
            self.slider.setValue(len(positions) - 1)
        self.slider.setEnabled(len(positions) > 1)
        self._show(len(positions) - 1)

    def _show(self, index: int) -> None:
        step = self._positions[index]
        if step == self._now:
            earlier = len(self._positions) - 1
            self.readout.setText(f"now · {earlier} checkpoint{'s' if earlier != 1 else ''}")
        else:
            self.readout.setText(f"back to step {step:,}")

    def _on_value(self, index: int) -> None:
        self._show(index)
        if not self.slider.isSliderDown():  # a key or a click on the groove: no release will follow
            self._request(index)

    def _request(self, index: int) -> None:
        step = self._positions[index]
        if step != self._now:
            self.rewind_requested.emit(step)


def keep_history_before(history: HistoryBuffer, series: Mapping[str, np.ndarray], step: int) -> None:
    """Fill `history` with the rows of `series` logged before `step` (the trainer logs `step` itself anew)."""
    steps = np.asarray(series.get("step", []))
    history.clear()
    for i in np.flatnonzero(steps < step):
        history.append({name: float(values[i]) for name, values in series.items() if i < len(values)})
