"""The strip under the 1-D density: evenly spaced latents joined to where G sends them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtWidgets

from ganviz.app.views import palette
from ganviz.app.views._base import DataView, placeholder

if TYPE_CHECKING:
    from ganviz.core.snapshot import Snapshot

N_LINKS = 40
Z_ROW, X_ROW = 1.0, 0.0
MARGIN = 0.1  # the latent line fills the middle 80% of the x range


class MappingStrip(DataView, pg.PlotWidget):
    """Latents on a line at the top, joined by straight segments to G(z) on the x line below."""

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent, background=palette.BACKGROUND)
        plot = self.plotItem
        palette.style_plot(plot, title="z ↦ G(z)")
        plot.setMenuEnabled(False)
        plot.setMouseEnabled(x=True, y=False)
        plot.setYRange(X_ROW - 0.15, Z_ROW + 0.15, padding=0.0)
        plot.getAxis("left").setTicks([[(Z_ROW, "z"), (X_ROW, "x")]])
        plot.hideAxis("bottom")
        # An empty right axis as wide as the density view's, so the two x axes line up.
        plot.showAxis("right")
        plot.getAxis("right").setStyle(showValues=False)
        plot.getAxis("right").setPen(pg.mkPen(None))
        plot.getAxis("right").setWidth(int(palette.RIGHT_AXIS_PX * palette.scale()))

        line_pen = palette.pen("latent", palette.THIN)
        self.z_line = pg.InfiniteLine(Z_ROW, angle=0, pen=line_pen)
        self.x_line = pg.InfiniteLine(X_ROW, angle=0, pen=line_pen)
        self.links = pg.PlotDataItem(connect="pairs", **palette.fast_line("mapping"))
        dots = {"size": 6 * palette.scale(), "pen": None, "pxMode": True}
        self.z_dots = pg.ScatterPlotItem(brush=palette.brush("latent"), **dots)
        self.x_dots = pg.ScatterPlotItem(brush=palette.brush("mapping"), **dots)
        for item in (self.z_line, self.x_line, self.links, self.z_dots, self.x_dots):
            plot.addItem(item)
        self.message = placeholder(plot, "z ↦ G(z) needs a 1-D latent")
        self._drawn = (self.links, self.z_dots, self.x_dots)

    def link_x(self, other: pg.PlotWidget) -> None:
        """Share the x range with another plot (the density view above)."""
        self.plotItem.setXLink(other.plotItem)

    def draw(self, snapshot: Snapshot) -> None:
        """Draw the links of a 1-D snapshot, or the message when the latent is not 1-D."""
        if snapshot.z is None or snapshot.g_of_z is None:
            for item in self._drawn:
                item.setVisible(False)
            self.message.setVisible(True)
            lo, hi = self.plotItem.vb.viewRange()[0]
            self.message.setPos((lo + hi) / 2, (Z_ROW + X_ROW) / 2)
            return
        self.message.setVisible(False)
        for item in self._drawn:
            item.setVisible(True)
        pick = np.unique(np.linspace(0, len(snapshot.z) - 1, N_LINKS).round().astype(int))
        top = _latent_positions(snapshot.z[pick], snapshot.grid)
        gz = snapshot.g_of_z[pick]
        ok = np.isfinite(gz)  # a diverged G: draw only the links that still land somewhere
        top, gz = top[ok], gz[ok]
        xs = np.empty(2 * len(gz))
        ys = np.empty(2 * len(gz))
        xs[0::2], xs[1::2] = top, gz
        ys[0::2], ys[1::2] = Z_ROW, X_ROW
        self.links.setData(xs, ys)
        self.z_dots.setData(x=top, y=np.full(len(gz), Z_ROW))
        self.x_dots.setData(x=gz, y=np.full(len(gz), X_ROW))


def _latent_positions(z: np.ndarray, grid: np.ndarray | None) -> np.ndarray:
    """Place latents on the top line: z's range stretched over the middle of the x range."""
    lo, hi = (float(grid[0]), float(grid[-1])) if grid is not None else (-1.0, 1.0)
    pad = MARGIN * (hi - lo)
    span = float(z.max() - z.min()) or 1.0
    return lo + pad + (z - z.min()) / span * (hi - lo - 2 * pad)
