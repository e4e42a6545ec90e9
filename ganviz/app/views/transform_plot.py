"""z on the horizontal axis against G(z) and the ideal monotone map F_X⁻¹(F_Z(z))."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyqtgraph as pg
from pyqtgraph.Qt import QtWidgets

from ganviz.app.views import palette
from ganviz.app.views._base import DataView, placeholder

if TYPE_CHECKING:
    from ganviz.core.snapshot import Snapshot


# the perfect map G is nearer to: both push the latent law exactly onto the target
IDEAL = {False: "ideal F⁻¹(F_Z(z)), increasing", True: "ideal F⁻¹(1 − F_Z(z)), decreasing"}

class TransformPlot(DataView, pg.PlotWidget):
    """The generator as a function of its 1-D latent, beside the map that would be exact."""

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent, background=palette.BACKGROUND)
        plot = self.plotItem
        palette.style_plot(plot, title="the generator's map")
        palette.label(plot, "bottom", "latent z")
        palette.label(plot, "left", "x")
        plot.setMenuEnabled(False)
        legend = self.legend = palette.legend(plot)
        self.ideal_curve = pg.PlotDataItem(pen=palette.pen("ideal", palette.LINE, "dash"), antialias=True)
        self.g_curve = pg.PlotDataItem(pen=palette.pen("mapping"), antialias=True)
        plot.addItem(self.ideal_curve)
        plot.addItem(self.g_curve)
        legend.addItem(self.g_curve, "G(z)")
        legend.addItem(self.ideal_curve, IDEAL[False])
        self._decreasing = False
        self.message = placeholder(plot, "the map z ↦ G(z) needs a 1-D latent")

    def draw(self, snapshot: Snapshot) -> None:
        """Draw G(z) and the ideal map of a 1-D-latent snapshot, or the message otherwise."""
        missing = snapshot.z is None or snapshot.g_of_z is None
        self.message.setVisible(missing)
        self.g_curve.setVisible(not missing)
        self.ideal_curve.setVisible(not missing and snapshot.ideal_map is not None)
        if missing:
            self.message.setPos(*(sum(r) / 2 for r in self.plotItem.vb.viewRange()))
            return
        self.g_curve.setData(snapshot.z, snapshot.g_of_z)
        if snapshot.ideal_map is not None:
            self.ideal_curve.setData(snapshot.z, snapshot.ideal_map)
            decreasing = bool(snapshot.extra.get("ideal_decreasing", False))
            if decreasing != self._decreasing:  # G found the other perfect map: say so, it is not wrong
                self._decreasing = decreasing
                self.legend.getLabel(self.ideal_curve).setText(IDEAL[decreasing])
                self.legend.updateSize()
