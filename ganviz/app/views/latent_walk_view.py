"""The latent walk under the image page's grid: G's images at evenly spaced points between two of the
grid's fixed latents (click one sample, then another), as a strip and as one image animated along it.

The images come from the trainer (a Walked reply to ("walk", (a, b, mode, n))); while training runs the
page asks again twice a second, so the walk follows G as it learns.
"""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtCore, QtWidgets

from ganviz.app.views import palette
from ganviz.app.views._base import picture_box

POINTS = 10  # images along a walk
FRAME_MS = 150  # the animated image moves one point along the walk this often
REFRESH_S = 0.5  # while training runs, the walk is asked for again at most this often
MODES = ("spherical", "linear")  # core.latent_walk.MODES, spherical first: the usual choice for a normal latent


class LatentWalkView(QtWidgets.QWidget):
    """The walk's controls, strip and animated image; `requested(a, b, mode, n)` asks the trainer for one."""

    requested = QtCore.Signal(int, int, str, int)

    def __init__(self, ink, parent=None):
        super().__init__(parent)
        self.ink = ink  # pixels in [−1, 1] → RGB, as the page draws its samples
        self.ends: list[int] = []
        self.images: np.ndarray | None = None
        self.frame = 0
        self.asked_at = -np.inf
        self.mode = QtWidgets.QComboBox()
        self.mode.addItems(MODES)
        self.mode.setToolTip("spherical: along the great circle between the two latents (each point as typical "
                             "as the ends for a normal latent); linear: the straight line")
        self.mode.currentTextChanged.connect(lambda _: self.ask())
        self.note = QtWidgets.QLabel("Latent walk: click a sample above, then another", wordWrap=True)
        self.note.setMinimumWidth(1)  # wraps rather than widening the page (1024-px projectors)
        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.setBackground(palette.BACKGROUND)
        self.canvas.setFixedHeight(int(110 * palette.scale()))
        self.strip_box = picture_box(self.canvas, 0, 0)
        self.big_box = picture_box(self.canvas, 0, 1)
        self.canvas.ci.layout.setColumnStretchFactor(0, 5)
        self.canvas.ci.layout.setColumnStretchFactor(1, 1)
        self.strip = pg.ImageItem(axisOrder="row-major")
        self.big = pg.ImageItem(axisOrder="row-major")
        self.cursor = pg.PlotCurveItem(pen=pg.mkPen(palette.VERMILLION, width=2))
        self.strip_box.addItem(self.strip)
        self.strip_box.addItem(self.cursor)
        self.big_box.addItem(self.big)
        self.timer = QtCore.QTimer(self, interval=FRAME_MS)
        self.timer.timeout.connect(self._advance)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.mode)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addLayout(row)
        layout.addWidget(self.canvas)

    # ----- choosing the ends ------------------------------------------------------------------
    def choose(self, sample: int) -> None:
        """A click on a sample of the grid: the first end, or the second (then the walk is asked for)."""
        self.ends = [sample] if len(self.ends) != 1 else [self.ends[0], sample]
        if len(self.ends) == 1:
            self.note.setText(f"Latent walk from sample {sample + 1}: click another sample")
        else:
            self.ask()

    def ask(self) -> None:
        if len(self.ends) == 2:
            self.asked_at = time.monotonic()
            self.requested.emit(self.ends[0], self.ends[1], self.mode.currentText(), POINTS)

    def follow(self, playing: bool) -> None:
        """A new frame: while training runs, ask again now and then so the walk follows G."""
        if playing and len(self.ends) == 2 and time.monotonic() - self.asked_at >= REFRESH_S:
            self.ask()

    # ----- drawing ----------------------------------------------------------------------------
    def show_walk(self, reply) -> None:
        """Draw a Walked reply (one for other ends or another mode than those chosen now is dropped)."""
        if list(reply.ends) != self.ends or reply.mode != self.mode.currentText():
            return
        self.images = np.asarray(reply.images)
        n, side, _ = self.images.shape
        strip = np.concatenate([np.pad(self.ink(im), ((0, 0), (0, 1), (0, 0)), constant_values=255)
                                for im in self.images], axis=1)
        self.strip.setImage(strip, autoLevels=False, levels=(0, 255))
        self.strip_box.setRange(QtCore.QRectF(0, 0, strip.shape[1], side), padding=0.02)
        self.big_box.setRange(QtCore.QRectF(0, 0, side, side), padding=0.02)
        a, b = reply.ends
        self.note.setText(f"Latent walk, {reply.mode}, from sample {a + 1} to sample {b + 1} (step {reply.step:,})")
        self.frame %= n
        self._draw_frame()
        if not self.timer.isActive():
            self.timer.start()

    def _advance(self) -> None:
        if self.images is None:
            return
        self.frame = (self.frame + 1) % len(self.images)
        self._draw_frame()

    def _draw_frame(self) -> None:
        side = self.images.shape[1]
        self.big.setImage(self.ink(self.images[self.frame]), autoLevels=False, levels=(0, 255))
        x0, x1 = self.frame * (side + 1) - 0.5, self.frame * (side + 1) + side + 0.5
        self.cursor.setData([x0, x1, x1, x0, x0], [-0.5, -0.5, side + 0.5, side + 0.5, -0.5])
