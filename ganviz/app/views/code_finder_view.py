"""Finding the code of an image (the seeds' "using the code"), under the image page's grid.

Pick a training image, or draw one on the 8×8 grid (left button inks, right button erases), then
ask: the trainer looks for the z whose G(z) is closest to it, by gradient descent on ‖G(z) − x‖²
from several starts (core.inversion, as clicks do on the 1-D and 2-D views), and answers with z,
G(z) and the distance. The view shows the image asked about beside G(z), and the distance.

The training images are read here from the shipped file (core.digits_data needs numpy only, so the
window still never imports torch); picking one at random uses a stream of this view's own.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtCore, QtWidgets

from ganviz.app.views import palette
from ganviz.app.views._base import picture_box
from ganviz.core.digits_data import SIDE, digits

HALF_INK = 0.0  # a stroke's neighbours get at least half ink (0 on the −1..1 scale): the digits' strokes are soft


class DrawingItem(pg.ImageItem):
    """An 8×8 image the mouse draws on: `stroke(row, col, ink)` on a click or a drag."""

    def __init__(self, stroke):
        super().__init__(axisOrder="row-major")
        self.stroke = stroke

    def _at(self, ev, ink: bool) -> None:
        p = ev.pos()
        row, col = int(np.floor(p.y())), int(np.floor(p.x()))
        if 0 <= row < SIDE and 0 <= col < SIDE:
            self.stroke(row, col, ink)

    def mouseClickEvent(self, ev):  # noqa: N802 (pyqtgraph's name)
        if ev.button() in (QtCore.Qt.MouseButton.LeftButton, QtCore.Qt.MouseButton.RightButton):
            ev.accept()
            self._at(ev, ev.button() == QtCore.Qt.MouseButton.LeftButton)

    mouseDragEvent = mouseClickEvent  # noqa: N815 (pyqtgraph's name): every point of a drag is a touch of the brush


def stroke(image: np.ndarray, row: int, col: int, ink: bool) -> np.ndarray:
    """The image after one touch of the brush: inking sets the pixel to 1 (full ink) and raises its four
    neighbours to at least half ink; erasing sets the pixel to −1 (blank paper)."""
    out = image.copy()
    if not ink:
        out[row, col] = -1.0
        return out
    out[row, col] = 1.0
    for r, c in ((row - 1, col), (row + 1, col), (row, col - 1), (row, col + 1)):
        if 0 <= r < SIDE and 0 <= c < SIDE:
            out[r, c] = max(out[r, c], HALF_INK)
    return out


class CodeFinderView(QtWidgets.QWidget):
    """The image x (drawn or picked), G(z) for the z found, and their distance; `requested(x)` asks the
    trainer for the z of x (64 pixels in [−1, 1], row by row)."""

    requested = QtCore.Signal(list)

    def __init__(self, ink, parent=None):
        super().__init__(parent)
        self.ink = ink  # pixels in [−1, 1] → RGB, as the page draws its samples
        self.image = -np.ones((SIDE, SIDE))
        self.source = "a blank page"
        self.asked: np.ndarray | None = None  # the image last sent, until its answer comes
        self.found = None  # the last answer drawn (an Inverted reply)
        self.rng = np.random.default_rng()
        self.pick = QtWidgets.QSpinBox(minimum=1, maximum=len(digits()[0]), value=1)
        self.pick.setToolTip("which of the 1,797 training images to put on the grid")
        self.pick.setPrefix("image ")
        self.pick.valueChanged.connect(lambda n: self.load(n - 1))  # no Load button: the page stays narrow
        pick_random = QtWidgets.QPushButton("Random")
        pick_random.setToolTip("a training image picked at random")
        pick_random.clicked.connect(self.load_random)
        clear = QtWidgets.QPushButton("Clear")
        clear.setToolTip("a blank grid to draw on")
        clear.clicked.connect(self.clear)
        self.find_button = QtWidgets.QPushButton("Find z")
        self.find_button.setToolTip("gradient descent on ‖G(z) − x‖² from several starts, in the trainer")
        self.find_button.clicked.connect(self.ask)
        self.note = QtWidgets.QLabel(wordWrap=True)
        self.note.setMinimumWidth(1)
        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.setBackground(palette.BACKGROUND)
        self.canvas.setFixedHeight(int(130 * palette.scale()))  # 8×8 pixels big enough to draw on with a mouse
        self.canvas.setToolTip("left button: ink; right button: erase")
        self.canvas.addLabel("x", row=0, col=0, color=palette.FOREGROUND)
        self.canvas.addLabel("G(z)", row=0, col=1, color=palette.FOREGROUND)
        self.draw_box = picture_box(self.canvas, 1, 0)
        self.found_box = picture_box(self.canvas, 1, 1)
        self.drawing = DrawingItem(self._stroke)
        self.result = pg.ImageItem(axisOrder="row-major")
        edge = [0, SIDE, SIDE, 0, 0], [0, 0, SIDE, SIDE, 0]
        for box, item in ((self.draw_box, self.drawing), (self.found_box, self.result)):
            box.addItem(item)
            box.addItem(pg.PlotCurveItem(*edge, pen=palette.pen("reference", palette.THIN)))  # a blank page shows
            box.setRange(QtCore.QRectF(0, 0, SIDE, SIDE), padding=0.04)
        buttons = QtWidgets.QHBoxLayout()
        for w in (self.pick, pick_random, clear, self.find_button):
            buttons.addWidget(w)
        buttons.addStretch(1)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.canvas, 2)
        row.addWidget(self.note, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addLayout(buttons)
        layout.addLayout(row)
        self.load(0)  # a digit ready to look for (the spin box's image 1); Clear gives a blank grid to draw on

    # ----- the image x ------------------------------------------------------------------------
    def load(self, index: int) -> None:
        """Put training image `index` (0-based) on the grid."""
        images, labels = digits()
        self.image = images[index].reshape(SIDE, SIDE).copy()
        self.source = f"training image {index + 1:,} (a {labels[index]})"
        with QtCore.QSignalBlocker(self.pick):
            self.pick.setValue(index + 1)
        self._changed()

    def load_random(self) -> None:
        self.load(int(self.rng.integers(len(digits()[0]))))

    def clear(self) -> None:
        self.image = -np.ones((SIDE, SIDE))
        self.source = "a blank page"
        self._changed()

    def _stroke(self, row: int, col: int, ink: bool) -> None:
        self.image = stroke(self.image, row, col, ink)
        if not self.source.startswith("your drawing"):
            self.source = f"your drawing (from {self.source})"
        self._changed()

    def _changed(self) -> None:
        self._redraw()
        self._say()

    # ----- asking and answering ---------------------------------------------------------------
    def ask(self) -> None:
        """Send the image as it is now to the trainer."""
        self.asked = self.image.copy()
        self.requested.emit(self.asked.ravel().tolist())
        self.note.setText(f"Looking for the z of {self.source}…")

    def show_found(self, reply) -> bool:
        """Draw an Inverted reply to this view's last question (True), or leave another one alone (False)."""
        x = np.asarray(reply.x, dtype=np.float64)
        if self.asked is None or x.shape != (SIDE * SIDE,) or not np.allclose(x, self.asked.ravel(), atol=1e-6):
            return False
        self.found = reply
        self.result.setImage(self.ink(np.asarray(reply.g_of_z).reshape(SIDE, SIDE)), autoLevels=False,
                             levels=(0, 255))
        self._say()
        return True

    def _redraw(self) -> None:
        self.drawing.setImage(self.ink(self.image), autoLevels=False, levels=(0, 255))

    def _say(self) -> None:
        source = f"x (left): {self.source}."
        if self.found is None:
            self.note.setText(f"{source} Draw on it (left button inks, right erases) or load a training image, "
                              "then Find z: G(z) appears on the right.")
            return
        d = float(self.found.distance)
        x = np.asarray(self.found.x)
        stale = "" if np.allclose(x, self.image.ravel()) else " for x as it was when asked"
        step = self.found.step
        when = f", G at step {step:,}" if step >= 0 else ""  # a search answers for G as it was then
        self.note.setText(f"{source} G(z) (right{when}){stale}: ‖G(z) − x‖ = {d:.3g}, {d / np.sqrt(x.size):.2g} a "
                          f"pixel (root mean square; pixels run −1 to 1), with ‖x‖ = {np.linalg.norm(x):.3g}; "
                          f"|z| = {np.linalg.norm(self.found.z):.3g} over {len(self.found.z)} coordinates.")
