"""Where gradients vanish: G's loss and gradient against D(G(z)), and the rounding of integer outputs.

LossCurvesView (lesson 7) draws the curves of ganviz.core.loss_curves for the minimax,
non-saturating and absolute-error losses, and marks the current generator's average D(G(z)).
RoundingView (lesson 10) draws x ↦ round(x) beside its zero derivative and the frequencies of
the generated samples after rounding, against the target's probabilities.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtWidgets

from ganviz.app.views import palette
from ganviz.app.views._base import DataView
from ganviz.core.loss_curves import COMPARED, generator_loss_curves, mean_d_at, rounded_frequencies, rounding_gradient

if TYPE_CHECKING:
    from ganviz.core.snapshot import Snapshot

COLORS = {"minimax": palette.VERMILLION, "nonsaturating": palette.BLUE, "absolute": palette.PURPLE}
LABELS = {"minimax": "minimax", "nonsaturating": "non-saturating", "absolute": "absolute error"}


def _title(plot: pg.PlotItem, text: str) -> None:
    plot.setTitle(text, color=palette.FOREGROUND, size=palette.css_pt(palette.TITLE_PT))


def _right_margin(plot: pg.PlotItem) -> None:
    """An empty right axis, so the last tick label of the x axis is not cut at the window's edge."""
    plot.showAxis("right")
    plot.getAxis("right").setStyle(showValues=False)
    plot.getAxis("right").setPen(pg.mkPen(None))
    plot.getAxis("right").setWidth(int(24 * palette.scale()))


class LossCurvesView(DataView, pg.GraphicsLayoutWidget):
    """G's per-sample loss and |∂loss/∂logit| against D(G(z)) for the compared losses."""

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.setBackground(palette.BACKGROUND)
        curves = generator_loss_curves()
        d = curves["d"]
        self.loss_plot = self.addPlot(row=0, col=0)
        self.grad_plot = self.addPlot(row=1, col=0)
        for plot, title, ylabel in ((self.loss_plot, "G's loss: log(1 − D), −log D, 1 − D", "loss_G"),
                                    (self.grad_plot, "gradient reaching G through D's logit", "|∂loss_G/∂logit|")):
            palette.style_plot(plot)
            _title(plot, title)
            palette.label(plot, "left", ylabel)
            palette.label(plot, "bottom", "D(G(z))")
            plot.setMenuEnabled(False)
            plot.setXRange(0, 1, padding=0.01)
            _right_margin(plot)
        self.loss_plot.setYRange(-4, 4, padding=0.0)
        self.grad_plot.setYRange(0, 1.05, padding=0.0)
        # where a fresh generator starts: D easily calls its samples fake
        for plot in (self.loss_plot, self.grad_plot):
            plot.addItem(pg.LinearRegionItem((0.0, 0.1), movable=False, brush=palette.brush(palette.GREY, 40),
                                             pen=pg.mkPen(None)))
        legend = palette.legend_below(self.grad_plot, 3)
        for name in COMPARED:
            pen = palette.pen(COLORS[name])
            self.loss_plot.addItem(pg.PlotDataItem(d, curves[name], pen=pen, antialias=True))
            item = pg.PlotDataItem(d, np.abs(curves["grad_" + name]), pen=pen, antialias=True)
            self.grad_plot.addItem(item)
            legend.addItem(item, LABELS[name])
        note = pg.TextItem("early training:\nD(G(z)) ≈ 0", color=palette.GREY, anchor=(0, 0))
        note.setFont(palette.font(palette.LEGEND_PT))
        note.setPos(0.11, 1.0)
        self.grad_plot.addItem(note)
        self.markers = [pg.InfiniteLine(angle=90, pen=palette.pen(palette.GREEN, palette.THIN * 1.5, "dot"))
                        for _ in range(2)]
        self.markers[1].label = pg.InfLineLabel(self.markers[1], "G now", position=0.5,
                                                color=palette.GREEN)
        self.markers[1].label.setFont(palette.font(palette.LEGEND_PT))
        for plot, marker in zip((self.loss_plot, self.grad_plot), self.markers, strict=True):
            marker.setVisible(False)
            plot.addItem(marker)

    def draw(self, snapshot: Snapshot) -> None:
        """Mark the current average D(G(z)) (1-D snapshots with a discriminator only)."""
        value = float("nan")
        if snapshot.kind == "1d" and snapshot.d is not None and snapshot.witness is None:
            value = mean_d_at(snapshot.samples[:, 0], snapshot.grid, snapshot.d)
        for marker in self.markers:
            marker.setVisible(bool(np.isfinite(value)))
            if np.isfinite(value):
                marker.setValue(value)


class RoundingView(DataView, pg.GraphicsLayoutWidget):
    """round(x) with its zero gradient, and the generated samples after rounding against the target."""

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.setBackground(palette.BACKGROUND)
        self.step_plot = self.addPlot(row=0, col=0)
        self.bar_plot = self.addPlot(row=1, col=0)
        palette.style_plot(self.step_plot)
        _title(self.step_plot, "round(x) is flat: ∂round/∂x = 0")
        palette.label(self.step_plot, "bottom", "G(z)")
        palette.label(self.step_plot, "left", "output")
        x = np.linspace(-0.49, 3.49, 800)
        grads = rounding_gradient(x)
        self.step_plot.addItem(pg.PlotDataItem(x, x, pen=palette.pen(palette.GREY, palette.THIN, "dash")))
        rounded = np.round(x)
        rounded[1:][np.diff(rounded) != 0] = np.nan  # no risers: the steps are separate flat pieces
        stair = pg.PlotDataItem(x, rounded, pen=palette.pen(palette.BLUE), connect="finite")
        grad = pg.PlotDataItem(x, grads["round"], pen=palette.pen(palette.VERMILLION))
        for item in (stair, grad):
            self.step_plot.addItem(item)
        legend = palette.legend_below(self.step_plot, 2)
        legend.addItem(stair, "round(G(z))")
        legend.addItem(grad, "its gradient (0)")
        palette.style_plot(self.bar_plot)
        _title(self.bar_plot, "generated samples after rounding")
        palette.label(self.bar_plot, "bottom", "k")
        palette.label(self.bar_plot, "left", "probability")
        self.bar_plot.vb.setLimits(yMin=0)
        self.target_bars = pg.BarGraphItem(x=[], height=[], width=0.4, brush=palette.brush("true", 90),
                                           pen=palette.pen("true", palette.THIN))
        self.gen_bars = pg.BarGraphItem(x=[], height=[], width=0.4, brush=palette.brush(palette.GREEN, 200),
                                        pen=pg.mkPen(None))
        for item in (self.target_bars, self.gen_bars):
            self.bar_plot.addItem(item)
        bar_legend = palette.legend_below(self.bar_plot, 2)
        bar_legend.addItem(self.target_bars, "target P(X = k)")
        bar_legend.addItem(self.gen_bars, "round(G(z))")
        for plot in (self.step_plot, self.bar_plot):
            _right_margin(plot)
        self._support: np.ndarray | None = None

    def draw(self, snapshot: Snapshot) -> None:
        """Bars of the rounded samples beside the target's probabilities read off p_true (1-D only)."""
        if snapshot.kind != "1d" or snapshot.grid is None:
            return
        grid = snapshot.grid
        support = np.arange(np.ceil(grid[0]), np.floor(grid[-1]) + 1)
        # the discrete target's density is its probability spread over [k − ½, k + ½): read it at k
        p_k = np.interp(support, grid, snapshot.p_true)
        p_k = p_k / p_k.sum() if p_k.sum() > 0 else p_k
        freq = rounded_frequencies(snapshot.samples[:, 0], support)
        self.target_bars.setOpts(x=support - 0.2, height=p_k)
        self.gen_bars.setOpts(x=support + 0.2, height=freq)
        if self._support is None or len(self._support) != len(support):
            self._support = support
            self.bar_plot.setXRange(support[0] - 0.6, support[-1] + 0.6, padding=0.0)
            self.bar_plot.setYRange(0, max(p_k.max(), 1e-3) * 1.3, padding=0.0)
