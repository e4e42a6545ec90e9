"""The class's own data in the app: File → Load data…, and drawing a target with the mouse.

In 1-D, drag across the density view to draw a curve (it need not integrate to one: it is
normalized); in 2-D, click or drag on the field view to place points. "Use" turns the drawing into
points (a drawn density into its equal-probability quantiles), stores them, and restarts the run
on the `samples-1d` / `samples-2d` target, a kernel density estimate of those points.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMessageBox, QToolBar

from ganviz.app.views import palette
from ganviz.core.config import Config
from ganviz.core.data_file import read_points, store_points
from ganviz.core.errors import ConfigError
from ganviz.core.targets import make_target
from ganviz.core.targets.samples import points_from_density

CSV_FILTER = "CSV data (*.csv *.txt);;All files (*)"
BINS_1D = 400  # resolution of a drawn density across the view's width
POINTS_1D = 2000  # quantile points a drawn density becomes
SPACING_2D = 0.01  # a drag places a point every 1 % of the view's width


def samples_config(base: Config, points: np.ndarray, bandwidth: float = 0.0) -> Config:
    """`base` switched to the point target of the right dimension (the points are stored first)."""
    ref = store_points(points)
    return base.with_changes({"target": f"samples-{points.shape[1]}d", "target.data": ref,
                              "target.bandwidth": float(bandwidth)})


def describe(config: Config) -> str:
    """"400 points, kernel bandwidth h = 0.21 (Scott's rule)" for a point target's config."""
    target = make_target(config.target, config.target_params)
    rule = " (Scott's rule)" if config.target_params.get("bandwidth", 0.0) == 0 else ""
    return f"{target.n_points:,} points, kernel bandwidth h = {target.bandwidth:.3g}{rule}"


def load_data(window, path: str | Path) -> bool:
    """Load a CSV file as the target; a bad file is refused with its message and nothing changes."""
    try:
        points = read_points(path)
        config = samples_config(window.config, points)
    except ConfigError as e:
        QMessageBox.warning(window, "Cannot load data", str(e))
        return False
    window.apply_config(config)
    window.show_message(f"loaded {Path(path).name}: {describe(config)}", 8000)
    return True


def load_data_dialog(window) -> bool:
    """File → Load data…: ask for a CSV file with one or two columns of numbers."""
    path, _ = QFileDialog.getOpenFileName(window, "Load data (one or two numeric columns)", "", CSV_FILTER)
    return load_data(window, path) if path else False


class Drawing:
    """What the mouse drew, in data coordinates: a density curve on bins (1-D) or points (2-D)."""

    def __init__(self, dim: int, x_range: tuple[float, float]):
        self.dim = dim
        lo, hi = x_range
        self.edges = np.linspace(lo, hi, BINS_1D + 1)
        self.centres = 0.5 * (self.edges[1:] + self.edges[:-1])
        self.heights = np.full(BINS_1D, np.nan)
        self.points: list[tuple[float, float]] = []
        self._last: tuple[float, float] | None = None
        self._spacing = SPACING_2D * (hi - lo)

    def clear(self) -> None:
        """Forget everything drawn."""
        self.heights[:] = np.nan
        self.points.clear()
        self._last = None

    def press(self, x: float, y: float) -> None:
        """The mouse went down at (x, y)."""
        self._last = None
        self.move(x, y)

    def move(self, x: float, y: float) -> None:
        """The mouse moved with the button held to (x, y)."""
        if self.dim == 1:
            y = max(y, 0.0)
            self._paint(x, y)
            self._last = (x, y)
        elif self._last is None or np.hypot(x - self._last[0], y - self._last[1]) >= self._spacing:
            self.points.append((x, y))
            self._last = (x, y)

    def release(self) -> None:
        """The mouse button went up: the next press starts a new stroke."""
        self._last = None

    def _paint(self, x: float, y: float) -> None:
        # every bin between the previous sample and this one gets the line's height, so fast strokes leave no gaps
        x0, y0 = self._last if self._last is not None else (x, y)
        a, b = sorted((x0, x))
        inside = (self.centres >= a) & (self.centres <= b)
        if not inside.any():
            inside = np.zeros(BINS_1D, bool)
            i = np.searchsorted(self.edges, x) - 1
            if 0 <= i < BINS_1D:
                inside[i] = True
        t = (self.centres[inside] - x0) / (x - x0) if x != x0 else np.ones(inside.sum())
        self.heights[inside] = y0 + t * (y - y0)

    def curve(self) -> tuple[np.ndarray, np.ndarray]:
        """The drawn density so far: bin centres and heights (NaN where nothing was drawn)."""
        return self.centres, self.heights

    def result(self) -> tuple[np.ndarray, float]:
        """Points for the target and the kernel bandwidth to use (0 = Scott's rule); ConfigError if empty."""
        if self.dim == 2:
            if len(self.points) < 2:
                raise ConfigError("drawing", "place at least 2 points (click or drag on the field)")
            return np.array(self.points, dtype=np.float64), 0.0
        drawn = np.isfinite(self.heights)
        if drawn.sum() < 2:
            raise ConfigError("drawing", "drag across the density view to draw a curve first")
        heights = np.where(drawn, self.heights, 0.0)  # not drawn: no mass
        x = np.concatenate([[self.edges[0]], self.centres, [self.edges[-1]]])
        y = np.concatenate([[0.0], heights, [0.0]])
        width = self.edges[1] - self.edges[0]
        return points_from_density(x, y, POINTS_1D), max(1e-3, 1.5 * width)


class DrawTarget(QObject):
    """Drawing mode on the density view (1-D) or the field view (2-D), with Use / Clear / Cancel."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self.drawing: Drawing | None = None
        self.view: pg.PlotWidget | None = None
        self.overlay: pg.PlotDataItem | None = None
        self.bar: QToolBar | None = None
        self._down = False

    @property
    def active(self) -> bool:
        """Whether drawing mode is on."""
        return self.drawing is not None

    def start(self) -> None:
        """Enter drawing mode on the view of the current target's dimension."""
        if self.active:
            return
        dim = 1 if self.window.kind != "2d" else 2
        self.view = self.window.plot("density_1d" if dim == 1 else "field_2d")
        plot = self.view.plotItem
        (x0, x1), _ = plot.vb.viewRange()
        self.drawing = Drawing(dim, (x0, x1))
        if dim == 1:
            self.overlay = pg.PlotDataItem(pen=palette.pen("true", palette.LINE, "dash"), connect="finite")
        else:
            self.overlay = pg.PlotDataItem(pen=None, symbol="o", symbolSize=9 * palette.scale(),
                                           symbolBrush=palette.brush("true"), symbolPen=pg.mkPen("w"))
        plot.addItem(self.overlay)
        plot.vb.setMouseEnabled(False, False)
        self.view.viewport().installEventFilter(self)
        self.bar = self._make_bar(dim)
        self.window.add_toolbar(self.bar)

    def _make_bar(self, dim: int) -> QToolBar:
        bar = QToolBar("Draw target")
        bar.setObjectName("draw-target-bar")
        hint = ("Drag across the density view to draw the target's density (it is normalized for you)."
                if dim == 1 else "Click or drag on the field to place the target's points.")
        bar.addWidget(QLabel(f"<b>Drawing:</b> {hint}  "))
        self.use_action = bar.addAction("Use", self.use)
        self.use_action.setToolTip("Make the drawing the target and start over")
        bar.addAction("Clear", self.clear)
        bar.addAction("Cancel", self.stop)
        return bar

    def stop(self) -> None:
        """Leave drawing mode without changing the target."""
        if not self.active:
            return
        self.view.viewport().removeEventFilter(self)
        self.view.plotItem.removeItem(self.overlay)
        self.view.plotItem.vb.setMouseEnabled(True, True)
        self.window.remove_toolbar(self.bar)
        self.bar.deleteLater()
        self.drawing = self.view = self.overlay = self.bar = None

    def clear(self) -> None:
        """Start the drawing again."""
        if self.active:
            self.drawing.clear()
            self._redraw()

    def use(self) -> bool:
        """Make the drawing the target (restarts the run); a drawing too small to use is explained."""
        if not self.active:
            return False
        try:
            points, bandwidth = self.drawing.result()
            config = samples_config(self.window.config, points, bandwidth)
        except ConfigError as e:
            self.window.show_message(str(e), 6000)
            return False
        self.stop()
        self.window.apply_config(config)
        self.window.show_message(f"drawn target: {describe(config)}", 8000)
        return True

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt's name)
        """Mouse presses, drags and releases on the view draw; everything else passes."""
        kind = event.type()
        if kind not in (QEvent.MouseButtonPress, QEvent.MouseMove, QEvent.MouseButtonRelease):
            return False
        if kind == QEvent.MouseButtonPress and event.button() == Qt.LeftButton:
            self._down = True
            self.drawing.press(*self._data_pos(event.position()))
        elif kind == QEvent.MouseMove and self._down:
            self.drawing.move(*self._data_pos(event.position()))
        elif kind == QEvent.MouseButtonRelease and self._down:
            self._down = False
            self.drawing.release()
        else:
            return False
        self._redraw()
        return True

    def _data_pos(self, pos: QPointF) -> tuple[float, float]:
        p = self.view.plotItem.vb.mapSceneToView(self.view.mapToScene(pos.toPoint()))
        return p.x(), p.y()

    def _redraw(self) -> None:
        if self.drawing.dim == 1:
            self.overlay.setData(*self.drawing.curve())
        elif self.drawing.points:
            pts = np.array(self.drawing.points)
            self.overlay.setData(pts[:, 0], pts[:, 1])
        else:
            self.overlay.setData([], [])
