"""The Dirac-GAN in its parameter plane: θ (the generator's point) against ψ (the discriminator's slope)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtWidgets

from ganviz.app.views import palette
from ganviz.app.views._base import DataView, HistoryChange, finite_xy

if TYPE_CHECKING:
    from ganviz.core.snapshot import Snapshot


class DiracPlane(DataView, pg.PlotWidget):
    """The (θ, ψ) trajectory, the current point and the equilibrium at the origin.

    `update(history)` draws the trajectory from the "theta" and "psi" arrays and moves the marker
    to their last point; `update(snapshot)` moves only the marker, to the snapshot's θ and ψ.
    """

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent, background=palette.BACKGROUND)
        plot = self.plotItem
        palette.style_plot(plot, title="Dirac-GAN: parameter plane")
        palette.label(plot, "bottom", "θ (generator)")
        palette.label(plot, "left", "ψ (discriminator)")
        plot.setMenuEnabled(False)
        plot.setAspectLocked(True)
        legend = palette.legend(plot)
        self.trajectory = pg.PlotDataItem(**palette.fast_line("trajectory", palette.LINE * 0.8))
        self.equilibrium = pg.ScatterPlotItem([0.0], [0.0], symbol="+", size=18 * palette.scale(),
                                              pen=palette.pen("equilibrium", palette.LINE), brush=None)
        self.current = pg.ScatterPlotItem(symbol="o", size=12 * palette.scale(), pen=pg.mkPen("w", width=1.5),
                                          brush=palette.brush("current"))
        for item, name in ((self.trajectory, "trajectory"), (self.equilibrium, "equilibrium (0, 0)"),
                           (self.current, "now")):
            plot.addItem(item)
            legend.addItem(item, name)
        self._changed = HistoryChange()
        plot.enableAutoRange()  # the trajectory may spiral out: keep all of it and the origin in view

    def draw(self, data: dict[str, np.ndarray] | Snapshot) -> None:
        """Draw a history (trajectory and marker) or a snapshot (marker only)."""
        if isinstance(data, dict):
            if not self._changed.check(data):
                return
            theta, psi = finite_xy(data.get("theta", np.empty(0)), data.get("psi", np.empty(0)))
            self.trajectory.setData(theta, psi)
            if len(theta):
                self.current.setData([theta[-1]], [psi[-1]])
            return
        theta, psi = data.extra.get("theta"), data.extra.get("psi")
        if theta is not None and psi is not None and np.isfinite([theta, psi]).all():
            self.current.setData([float(theta)], [float(psi)])
