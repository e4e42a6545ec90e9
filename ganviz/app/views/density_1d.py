"""Goodfellow's figure 1, live: true and generated densities with D(x) on a 0..1 right axis."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtWidgets

from ganviz.app.views import palette
from ganviz.app.views._base import DataView, StickyMax, add_right_viewbox

if TYPE_CHECKING:
    from ganviz.core.snapshot import Snapshot

LAYERS = ("true", "generated", "histogram", "d", "d_star", "gap")
D_LABEL = "D(x)"
WITNESS_LABEL = "witness f(x)"
HIST_BINS = 80


class Density1DView(DataView, pg.PlotWidget):
    """p_true (filled), p_gen (line), and D(x) beside the ideal D*(x) on a right axis.

    In GMN mode the MMD witness takes D's place on the right axis, symmetric around 0.
    """

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent, background=palette.BACKGROUND)
        plot = self.plotItem
        palette.style_plot(plot)
        palette.label(plot, "bottom", "x")
        palette.label(plot, "left", "density")
        plot.setMenuEnabled(False)
        plot.vb.setLimits(yMin=0)
        self.right = add_right_viewbox(plot)
        palette.label(plot, "right", D_LABEL)
        self.right.setYRange(0.0, 1.0, padding=0.02)
        self.right.enableAutoRange(enable=False)

        self.true_curve = pg.PlotDataItem(pen=palette.pen("true", palette.THIN * 1.5), fillLevel=0.0,
                                          brush=palette.brush("true", 40), antialias=True)
        self.hist = pg.PlotDataItem(stepMode="center", fillLevel=0.0, pen=palette.pen("histogram", palette.THIN),
                                    brush=palette.brush("histogram", 60))
        self.gen_curve = pg.PlotDataItem(pen=palette.pen("generated"), antialias=True)
        for item in (self.true_curve, self.hist, self.gen_curve):
            plot.addItem(item)

        self.gap = QtWidgets.QGraphicsPathItem()
        self.gap.setBrush(palette.brush("gap", 45))
        self.gap.setPen(pg.mkPen(None))
        self.half_line = pg.InfiniteLine(0.5, angle=0, pen=palette.pen("reference", palette.THIN, "dot"))
        self.d_star_curve = pg.PlotDataItem(pen=palette.pen("d_star", palette.LINE * 0.9, "dash"), antialias=True)
        self.d_curve = pg.PlotDataItem(pen=palette.pen("d"), antialias=True)
        for item in (self.gap, self.half_line, self.d_star_curve, self.d_curve):
            self.right.addItem(item)

        # Under the x axis, in the plot's layout: inside the view box it hid D* and the left mode.
        self.legend = palette.wrapping_legend_below(plot, self)
        self.witness_mode = False
        self.gen_method = ""
        self._witness_range = StickyMax()
        self._last: Snapshot | None = None
        self._x_extent: tuple[float, float] | None = None
        self._wanted = {"true": True, "generated": True, "histogram": False, "d": True, "d_star": True, "gap": False}
        self._layer_items = {"true": [self.true_curve], "generated": [self.gen_curve], "histogram": [self.hist],
                             "d": [self.d_curve, self.half_line], "d_star": [self.d_star_curve], "gap": [self.gap]}
        self._apply_visibility()

    # ----- layers ----------------------------------------------------------------------------
    def set_layers(self, **flags: bool) -> None:
        """Show or hide layers by name: true, generated, histogram, d, d_star, gap."""
        unknown = set(flags) - set(LAYERS)
        if unknown:
            raise ValueError(f"unknown layers {sorted(unknown)}; known: {', '.join(LAYERS)}")
        self._wanted.update({name: bool(on) for name, on in flags.items()})
        self._apply_visibility()
        if self._last is not None:
            self.draw(self._last)  # layers that were hidden hold stale data

    def layers(self) -> dict[str, bool]:
        """The layers asked for, by name (D* and the gap are also hidden in GMN mode, whatever is asked)."""
        return dict(self._wanted)

    def _apply_visibility(self) -> None:
        # D* and the gap compare against the ideal discriminator, which GMN mode does not have.
        without = ("d_star", "gap") if self.witness_mode else ()
        for name, items in self._layer_items.items():
            for item in items:
                item.setVisible(self._wanted[name] and name not in without)
        self._sync_legend()

    def _sync_legend(self) -> None:
        """List only the shown layers (on layer or mode changes, never per frame)."""
        self.legend.clear()
        rows = ((self.true_curve, "true p_data"),
                (self.gen_curve, "generated p_g (KDE)" if self.gen_method == "kde" else "generated p_g"),
                (self.hist, "histogram of samples"),
                (self.d_curve, WITNESS_LABEL if self.witness_mode else D_LABEL),
                (self.d_star_curve, "ideal D*(x)"))
        shown = [(item, text) for item, text in rows if item.isVisible()]
        for item, text in shown:
            self.legend.addItem(item, text)
        self.legend.refit()

    # ----- drawing ---------------------------------------------------------------------------
    def draw(self, snapshot: Snapshot) -> None:
        """Draw a 1-D snapshot with the items made in __init__."""
        self._last = snapshot
        x = snapshot.grid
        self._set_mode(snapshot.witness is not None)
        if snapshot.p_gen_method != self.gen_method:
            self.gen_method = snapshot.p_gen_method
            self._sync_legend()
        if self.true_curve.isVisible():
            self.true_curve.setData(x, snapshot.p_true)
        if self.gen_curve.isVisible():
            self.gen_curve.setData(x, snapshot.p_gen)
        if self.hist.isVisible():
            self._draw_histogram(snapshot)
        if self.witness_mode:
            if self.d_curve.isVisible():
                self.d_curve.setData(x, snapshot.witness)
                half = self._witness_range.fit(snapshot.witness)
                self.right.setYRange(-half, half, padding=0.0)
        else:
            if self.d_curve.isVisible():
                self.d_curve.setData(x, snapshot.d)
            if self.d_star_curve.isVisible():
                self.d_star_curve.setData(x, snapshot.d_star)
            if self.gap.isVisible():
                self.gap.setPath(_band_path(x, snapshot.d, snapshot.d_star))
        self._fit_x(x)

    def _draw_histogram(self, snapshot: Snapshot) -> None:
        x = snapshot.grid
        edges = np.linspace(x[0], x[-1], HIST_BINS + 1)
        x_s = snapshot.samples[:, 0]
        x_s = x_s[np.isfinite(x_s)]
        counts, _ = np.histogram(x_s, bins=edges)
        # Normalised by all samples, not only those on the grid, so it compares with p_g.
        self.hist.setData(edges, counts / (max(len(x_s), 1) * np.diff(edges)))

    def _set_mode(self, witness: bool) -> None:
        """Switch the right axis between D(x) on 0..1 and the witness around 0."""
        if witness == self.witness_mode:
            return
        self.witness_mode = witness
        text = WITNESS_LABEL if witness else D_LABEL
        palette.label(self.plotItem, "right", text)
        self.d_curve.setPen(palette.pen("witness" if witness else "d"))
        self.half_line.setValue(0.0 if witness else 0.5)
        if not witness:
            self.right.setYRange(0.0, 1.0, padding=0.02)
        self._apply_visibility()

    def _fit_x(self, x: np.ndarray) -> None:
        """Frame the grid when it changes (a new target); otherwise leave the user's zoom alone."""
        extent = (float(x[0]), float(x[-1]))
        if extent != self._x_extent:
            self._x_extent = extent
            self.plotItem.vb.setXRange(*extent, padding=0.0)


def _band_path(x: np.ndarray, lower: np.ndarray, upper: np.ndarray):
    """A closed polygon between two curves sampled on the same x (non-finite points left out)."""
    ok = np.isfinite(lower) & np.isfinite(upper)
    x, lower, upper = x[ok], lower[ok], upper[ok]
    xs = np.concatenate([x, x[::-1]])
    ys = np.concatenate([lower, upper[::-1]])
    path = pg.arrayToQPath(xs, ys)
    path.closeSubpath()
    return path
