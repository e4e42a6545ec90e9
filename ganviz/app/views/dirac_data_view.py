"""The Dirac-GAN in data space, at the moment the plane shows: the real data, a point mass at 0; the
generator's point mass at θ; and the discriminator's logit, the line ψ·x (D(x) = σ(ψ·x)).

Its x axis is linked to the plane's θ axis, so the generator's spike stands right under the plane's
current point: moving right in the plane is the generator moving right in data space, and the
line's slope is the plane's height. Drawn from the snapshot's theta and psi alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg

from ganviz.app.views import palette
from ganviz.app.views._base import PlotView

if TYPE_CHECKING:
    from ganviz.core.snapshot import Snapshot

SPIKE = 0.8  # the point masses' height, as a fraction of the logit axis' half-range
MIN_HALF = 1.0  # the logit axis spans at least ±1


class DiracDataView(PlotView):
    """Real data at 0, the generator at θ, and D's logit ψ·x over the x range the plane shows."""

    def __init__(self, parent=None):
        super().__init__(parent, background=palette.BACKGROUND)
        plot = self.plotItem
        palette.style_plot(plot, title="in data space")
        palette.label(plot, "bottom", "x")
        palette.label(plot, "left", "logit")
        plot.setMenuEnabled(False)
        plot.showGrid(x=True, y=True, alpha=0.15)
        plot.addItem(pg.InfiniteLine(pos=0.0, angle=0, pen=palette.pen("reference", palette.THIN, "dash")))
        legend = palette.wrapping_legend_below(plot, self)
        self.real = pg.PlotDataItem(pen=palette.pen("true", palette.LINE * 1.4))
        self.fake = pg.PlotDataItem(pen=palette.pen("generated", palette.LINE * 1.4))
        # the spikes' heads; their brushes come with the points
        self.heads = pg.ScatterPlotItem(symbol="t1", size=13 * palette.scale(), pen=None)
        self.line = pg.PlotDataItem(pen=palette.pen("d", palette.LINE))
        plot.addItem(self.heads)
        for item, name in ((self.real, "real: all at 0"), (self.fake, "G: all at θ"),
                           (self.line, "D's logit ψ·x")):
            plot.addItem(item)
            legend.addItem(item, name)
        legend.refit()
        plot.enableAutoRange(x=False, y=False)  # x follows the plane's θ axis (linked); y is set from ψ
        plot.getViewBox().sigXRangeChanged.connect(lambda *_: self._redraw())
        self._theta_psi: tuple[float, float] | None = None

    def draw(self, snapshot: Snapshot) -> None:
        """Move the generator's spike to θ and tilt D's line to ψ."""
        theta, psi = snapshot.extra.get("theta"), snapshot.extra.get("psi")
        if theta is None or psi is None or not np.isfinite([theta, psi]).all():
            return
        self._theta_psi = (float(theta), float(psi))
        self._redraw()

    def _redraw(self) -> None:
        if self._theta_psi is None:
            return
        theta, psi = self._theta_psi
        (x0, x1), _ = self.plotItem.getViewBox().viewRange()
        reach = max(abs(x0), abs(x1))
        half = max(MIN_HALF, abs(psi) * reach)  # the whole line over the x range shown
        spike = SPIKE * half
        self.real.setData([0.0, 0.0], [0.0, spike])
        self.fake.setData([theta, theta], [0.0, spike])
        self.heads.setData([0.0, theta], [spike, spike], brush=[palette.brush("true"), palette.brush("generated")])
        self.line.setData([x0, x1], [psi * x0, psi * x1])
        self.plotItem.setYRange(-half, half, padding=0.05)
