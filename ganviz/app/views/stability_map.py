"""The stability map: a sweep's final metric as a heat map over two settings, diverged cells crossed out.

`update(fields)` draws the output of a sweep (the fields of `ganviz sweep`'s .npz, optionally
with "x_log" / "y_log"); clicking a cell emits that cell's full config.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtCore

from ganviz.app.views import palette
from ganviz.app.views._base import DataView
from ganviz.app.views.log_axis import LogAxis
from ganviz.core.sweep import DESCRIPTIONS, cell_config

LOG_COLOURS_ABOVE = 100.0  # a metric spanning more than this ratio is coloured by its log₁₀
LOG_LEVELS_SPAN = 3.0  # decades of the log colour scale; cells beyond them take the top colour
HIGHER_IS_BETTER = ("modes", "hq")
LEFT_AXIS_PX = 95
DIVERGED_COLOUR = palette.VERMILLION


def is_log_spaced(values: np.ndarray) -> bool:
    """Whether the axis values look geometric rather than arithmetic (positive, ratios equal, wide)."""
    v = np.asarray(values, dtype=float)
    if len(v) < 2 or (v <= 0).any():
        return False
    ratios = v[1:] / v[:-1]
    return bool(np.allclose(ratios, ratios[0], rtol=1e-3) and v[-1] / v[0] >= 10 and not
                np.allclose(np.diff(v), v[1] - v[0], rtol=1e-3))


def cell_edges(centres: np.ndarray) -> tuple[float, float]:
    """(first, last) edge of cells centred on evenly spaced `centres` (unit width for a single cell)."""
    if len(centres) == 1:
        return float(centres[0] - 0.5), float(centres[0] + 0.5)
    step = (centres[-1] - centres[0]) / (len(centres) - 1)
    return float(centres[0] - step / 2), float(centres[-1] + step / 2)


def shown_values(metric: np.ndarray) -> tuple[np.ndarray, bool]:
    """(what is coloured, whether it is log₁₀ of the metric): logs when the finite values span a wide range."""
    m = np.asarray(metric, dtype=float)
    finite = m[np.isfinite(m)]
    if finite.size and (finite > 0).all() and finite.max() / finite.min() > LOG_COLOURS_ABOVE:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log10(m), True
    return m, False


class StabilityMap(DataView, pg.GraphicsLayoutWidget):
    """Heat map of a sweep's metric with a colour bar; a click on a cell emits its config."""

    cell_clicked = QtCore.Signal(int, int)  # row (y index), column (x index)
    config_chosen = QtCore.Signal(object)  # the clicked cell's Config

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setBackground(palette.BACKGROUND)
        self.x_axis, self.y_axis = LogAxis("bottom"), LogAxis("left")
        self.plot = self.addPlot(row=0, col=0, axisItems={"bottom": self.x_axis, "left": self.y_axis})
        palette.style_plot(self.plot, title="Stability map")
        self.plot.getAxis("left").setWidth(int(LEFT_AXIS_PX * palette.scale()))  # room for "1e-05" and the label
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.image)
        self.crosses = pg.ScatterPlotItem(symbol="x", size=26 * palette.scale(), pen=pg.mkPen("w", width=1),
                                          brush=pg.mkBrush(DIVERGED_COLOUR))
        self.selected = pg.PlotDataItem(pen=pg.mkPen(palette.BLACK, width=3 * palette.scale()))
        self.plot.addItem(self.crosses)
        self.plot.addItem(self.selected)
        legend = palette.legend_below(self.plot, 2)
        legend.addItem(self.crosses, "diverged (a loss or the samples stopped being finite)")
        self.colorbar = pg.ColorBarItem(values=(0.0, 1.0), colorMap=pg.colormap.get("viridis"), interactive=False,
                                        width=int(20 * palette.scale()), colorMapMenu=False)
        self.colorbar.setImageItem(self.image)
        palette.style_plot(self.colorbar)
        self.colorbar.getAxis("left").setWidth(0)
        self.colorbar.getAxis("right").setWidth(int(palette.LEFT_AXIS_PX * palette.scale()))
        self.addItem(self.colorbar, row=0, col=1)
        self.caption = self.addLabel("run a sweep; then click a cell to load its settings", row=1, col=0, colspan=2,
                                     size=palette.css_pt(palette.LEGEND_PT), color=palette.FOREGROUND)
        self.scene().sigMouseClicked.connect(self._clicked)
        self.fields: dict | None = None
        self._u: tuple[np.ndarray, np.ndarray] | None = None  # cell centres in plot coordinates

    # ----- drawing -------------------------------------------------------------------------------
    def draw(self, fields: dict) -> None:
        """Draw a sweep's output fields (x_key, x_values, y_key, y_values, metric_name, metric, diverged, config)."""
        self.fields = fields
        xv, yv = np.asarray(fields["x_values"], float), np.asarray(fields["y_values"], float)
        x_log, y_log = fields.get("x_log", is_log_spaced(xv)), fields.get("y_log", is_log_spaced(yv))
        ux, uy = (np.log10(xv) if x_log else xv), (np.log10(yv) if y_log else yv)
        self._u = (ux, uy)
        for axis, log, key, side in ((self.x_axis, x_log, fields["x_key"], "bottom"),
                                     (self.y_axis, y_log, fields["y_key"], "left")):
            axis.setLogMode(bool(log))
            palette.label(self.plot, side, f"{key}" + (" (log scale)" if log else ""))
        name = str(fields["metric_name"])
        shown, logged = shown_values(fields["metric"])
        self.image.setImage(shown, autoLevels=False)
        finite = shown[np.isfinite(shown)]
        lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        clipped = logged and hi > lo + LOG_LEVELS_SPAN  # one blown-up cell must not flatten the rest
        if clipped:
            hi = lo + LOG_LEVELS_SPAN
        self.colorbar.setLevels((lo, hi if hi > lo else lo + 1e-9))
        better = "higher is better" if name in HIGHER_IS_BETTER else "lower is better"
        label = DESCRIPTIONS.get(name, name).split(" (")[0]
        palette.label(self.colorbar, "right", f"{'log₁₀ ' if logged else ''}{name} ({better})")
        (x0, x1), (y0, y1) = cell_edges(ux), cell_edges(uy)
        self.image.setRect(QtCore.QRectF(x0, y0, x1 - x0, y1 - y0))
        rows, cols = np.nonzero(np.asarray(fields["diverged"], bool))
        self.crosses.setData(ux[cols], uy[rows])
        self.selected.setData([], [])
        self.plot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
        self.plot.setTitle(f"Stability map: {label}", color=palette.FOREGROUND, size=palette.css_pt(palette.TITLE_PT))
        over = f"; cells above {10 ** hi:.3g} in the top colour" if clipped else ""
        self.caption.setText(f"{len(xv)} × {len(yv)} cells, {len(rows)} diverged (crossed){over} · "
                             "click a cell to load it")

    # ----- clicks --------------------------------------------------------------------------------
    def cell_at(self, x: float, y: float) -> tuple[int, int] | None:
        """(row, column) of the cell under plot coordinates (x, y), or None outside the map."""
        if self._u is None:
            return None
        ux, uy = self._u
        (x0, x1), (y0, y1) = cell_edges(ux), cell_edges(uy)
        if not (min(x0, x1) <= x <= max(x0, x1) and min(y0, y1) <= y <= max(y0, y1)):
            return None
        return int(np.argmin(np.abs(uy - y))), int(np.argmin(np.abs(ux - x)))

    def select(self, row: int, col: int) -> None:
        """Outline a cell, describe it in the caption and emit its config."""
        ux, uy = self._u
        hx = (cell_edges(ux)[1] - cell_edges(ux)[0]) / len(ux) / 2
        hy = (cell_edges(uy)[1] - cell_edges(uy)[0]) / len(uy) / 2
        cx, cy = ux[col], uy[row]
        self.selected.setData([cx - hx, cx + hx, cx + hx, cx - hx, cx - hx],
                              [cy - hy, cy - hy, cy + hy, cy + hy, cy - hy])
        f = self.fields
        value = float(np.asarray(f["metric"])[row, col])
        state = "diverged" if np.asarray(f["diverged"])[row, col] else f"{f['metric_name']} = {value:.4g}"
        self.caption.setText(f"{f['x_key']} = {np.asarray(f['x_values'])[col]:.4g}, "
                             f"{f['y_key']} = {np.asarray(f['y_values'])[row]:.4g}: {state} — loaded")
        self.cell_clicked.emit(row, col)
        self.config_chosen.emit(cell_config(f, row, col))

    def _clicked(self, event) -> None:
        if self.fields is None or event.button() != QtCore.Qt.MouseButton.LeftButton:
            return
        point = self.plot.vb.mapSceneToView(event.scenePos())
        cell = self.cell_at(point.x(), point.y())
        if cell is not None:
            self.select(*cell)
