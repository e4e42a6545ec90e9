"""Shared plumbing of the views: the update entry point, a second y axis, finite-point filters."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtCore, QtGui, QtWidgets

from ganviz.app.views import palette


class DataView:
    """Mixin for a Qt widget whose `update(data)` draws data instead of only repainting.

    QWidget.update() (no argument, or a rectangle or region) still schedules a repaint, so Qt
    and pyqtgraph code that calls it keeps working.
    """

    def update(self, *args):
        """Draw `args[0]` (a snapshot or a history); with no argument or a rectangle, repaint."""
        if len(args) == 1 and not isinstance(args[0], QtCore.QRect | QtCore.QRectF | QtGui.QRegion):
            self.draw(args[0])
        else:
            super().update(*args)

    def draw(self, data) -> None:
        """Draw one piece of data; implemented by each view."""
        raise NotImplementedError

    def minimumSizeHint(self) -> QtCore.QSize:
        return scene_minimum(self, super().minimumSizeHint())


def scene_minimum(view: QtWidgets.QWidget, hint: QtCore.QSize) -> QtCore.QSize:
    """At least what a pyqtgraph view's plot layout needs (axes, title, legend). A QGraphicsView's own hint
    knows nothing of its scene, so a splitter gave plots less than that and cut off their right edge."""
    item = getattr(view, "centralWidget", None)  # pyqtgraph's GraphicsView keeps its scene's root item here
    if not isinstance(item, QtWidgets.QGraphicsWidget):
        return hint
    need = item.effectiveSizeHint(QtCore.Qt.SizeHint.MinimumSize)
    frame = 2 * view.frameWidth()
    return QtCore.QSize(max(hint.width(), math.ceil(need.width()) + frame),
                        max(hint.height(), math.ceil(need.height()) + frame))


class PlotView(pg.PlotWidget):
    """A PlotWidget that asks a splitter for the room its axes, title and legend need (see scene_minimum)."""

    def minimumSizeHint(self) -> QtCore.QSize:
        return scene_minimum(self, super().minimumSizeHint())


def styled_plot(title: str | None = None, bottom: str | None = None,
                left: str | None = None) -> tuple[pg.PlotWidget, pg.PlotItem]:
    """A plot widget in the palette's style, without pyqtgraph's context menu, its axes labelled if given."""
    widget = pg.PlotWidget(background=palette.BACKGROUND)
    plot = widget.getPlotItem()
    palette.style_plot(plot, title=title)
    for side, text in (("bottom", bottom), ("left", left)):
        if text is not None:
            palette.label(plot, side, text)
    plot.setMenuEnabled(False)
    return widget, plot


def picture_box(canvas: pg.GraphicsLayoutWidget, row: int, col: int, image: bool = True) -> pg.ViewBox:
    """A box in `canvas` for a picture that fits it: square pixels, no pan, zoom or menu; for an image
    (`image`) the first row at the top."""
    box = canvas.addViewBox(row=row, col=col, enableMenu=False)
    box.setAspectLocked(True)
    box.invertY(image)
    box.setMouseEnabled(x=False, y=False)
    return box


def add_right_viewbox(plot: pg.PlotItem) -> pg.ViewBox:
    """A second ViewBox sharing the plot's x axis, drawn over it and scaled by the right axis."""
    vb = pg.ViewBox(enableMenu=False)
    vb.setMouseEnabled(x=False, y=False)  # pan and zoom belong to the main view beneath
    plot.showAxis("right")
    plot.scene().addItem(vb)
    plot.getAxis("right").linkToView(vb)
    plot.getAxis("right").setWidth(int(palette.RIGHT_AXIS_PX * palette.scale()))
    vb.setXLink(plot)

    def follow() -> None:
        vb.setGeometry(plot.vb.sceneBoundingRect())
        vb.linkedViewChanged(plot.vb, vb.XAxis)

    plot.vb.sigResized.connect(follow)
    vb.follow = follow  # keeps the slot alive as long as the view box
    follow()
    return vb


def finite_xy(x: np.ndarray, y: np.ndarray, positive: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """The points where x and y are both finite (and y > 0 when `positive`, for log axes)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    keep = np.isfinite(y) & np.isfinite(x)
    if positive:
        keep &= y > 0
    return x[keep], y[keep]


def placeholder(plot: pg.PlotItem, text: str) -> pg.TextItem:
    """A centred message shown instead of the data (hidden until needed)."""
    item = pg.TextItem(text, color=palette.GREY, anchor=(0.5, 0.5))
    item.setFont(palette.font(palette.AXIS_PT))
    item.setVisible(False)
    plot.addItem(item, ignoreBounds=True)
    return item


class StickyMax:
    """A bound a ≥ max|values| that grows at once and shrinks only when far too wide (no jitter).

    Used as ±a for signed fields around 0 and as the top level of densities.
    """

    def __init__(self, floor: float = 1e-6):
        self.bound = 0.0
        self.floor = floor

    def fit(self, values: np.ndarray) -> float:
        """The bound to show for `values`; updated with hysteresis."""
        values = np.asarray(values, dtype=float)
        values = values[np.isfinite(values)]
        need = max(float(np.abs(values).max()) if values.size else 0.0, self.floor) * 1.1
        if need > self.bound or need < 0.5 * self.bound:
            self.bound = need
        return self.bound


class HistoryChange:
    """Tells whether a history differs from the one drawn last, so an unchanged one is not redrawn.

    The app hands the whole history every frame, but rows arrive only every few hundred steps;
    redrawing long, noisy curves for nothing would cost more than the rest of the frame.
    """

    def __init__(self):
        self._key: tuple | None = None

    def check(self, history: dict[str, np.ndarray]) -> bool:
        """True (and remember it) when `history` has other rows than the last one checked."""
        step = np.asarray(history.get("step", ()), dtype=float)
        last = tuple(float(np.asarray(v, dtype=float)[-1]) if len(v) else None for v in history.values())
        key = (len(step), float(step[0]) if len(step) else None, tuple(history), last)
        if key == self._key:
            return False
        self._key = key
        return True
