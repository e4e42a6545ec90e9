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
ORACLE_LABEL = "D*(x), the oracle"
CRITIC_LABEL = "σ(critic f(x))"
HIST_BINS = 80


class Density1DView(DataView, pg.PlotWidget):
    """p_true (filled), p_gen (line), and D(x) beside the ideal D*(x) on a right axis.

    In GMN mode the MMD witness takes D's place on the right axis, symmetric around 0.
    """

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent, background=palette.BACKGROUND)
        plot = self.plotItem
        palette.style_plot(plot, title="densities and D(x)")
        palette.label(plot, "bottom", "x")
        palette.label(plot, "left", "density")
        plot.setMenuEnabled(False)
        plot.vb.setLimits(yMin=0)
        plot.vb.enableAutoRange(y=False)  # the density axis is fitted in draw (see follow_generated)
        self.right = add_right_viewbox(plot)
        palette.label(plot, "right", D_LABEL)
        self.right.setYRange(0.0, 1.0, padding=0.02)
        self.right.enableAutoRange(enable=False)

        self.true_curve = pg.PlotDataItem(pen=palette.pen("true", palette.THIN * 1.5), fillLevel=0.0,
                                          brush=palette.brush("true", 40), antialias=True)
        self.hist = pg.PlotDataItem(stepMode="center", fillLevel=0.0, pen=palette.pen("histogram", palette.THIN),
                                    brush=palette.brush("histogram", 60))
        self.gen_curve = pg.PlotDataItem(pen=palette.pen("generated"), antialias=True)
        # where p_g runs above the axis (which follows p_data): a marker at the top, over each peak cut off
        self.clipped = pg.ScatterPlotItem(symbol="t1", size=11 * palette.scale(), pen=pg.mkPen(None),
                                          brush=palette.brush("generated"))
        for item in (self.true_curve, self.hist, self.gen_curve, self.clipped):
            plot.addItem(item)
        self.follow_generated = False  # False: the axis shows p_data in full, p_g's spikes are cut off
        self._density_top = StickyMax()

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
        self.discriminator = "learned"
        self.gen_method = ""
        self._witness_range = StickyMax()
        self._last: Snapshot | None = None
        self._x_extent: tuple[float, float] | None = None
        self._wanted = {"true": True, "generated": True, "histogram": False, "d": True, "d_star": True, "gap": False}
        self._layer_items = {"true": [self.true_curve], "generated": [self.gen_curve, self.clipped],
                             "histogram": [self.hist],
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
        # D* has no meaning beside a witness or a critic, and with the oracle the D curve is D* itself
        without = ("d_star", "gap") if self.witness_mode or self.discriminator != "learned" else ()
        for name, items in self._layer_items.items():
            for item in items:
                item.setVisible(self._wanted[name] and name not in without)
        self._sync_legend()

    def _sync_legend(self) -> None:
        """List only the shown layers (on layer or mode changes, never per frame)."""
        self.legend.clear()
        rows = ((self.true_curve, "true p_data"),
                (self.gen_curve, "generated p_g (KDE)" if self.gen_method == "kde" else "generated p_g"),
                (self.clipped, "p_g above the axis"),
                (self.hist, "histogram of samples"),
                (self.d_curve, self._d_label()),
                (self.d_star_curve, "ideal D*(x)"))
        shown = [(item, text) for item, text in rows
                 if item.isVisible() and (item is not self.clipped or not self.follow_generated)]
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
        self._fit_density(snapshot)
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

    def set_follow_generated(self, on: bool) -> None:
        """Fit the density axis to p_g's peaks too (on), or to p_data alone with p_g cut off (off)."""
        self.follow_generated = bool(on)
        self._density_top = StickyMax()
        self._sync_legend()
        if self._last is not None:
            self.draw(self._last)

    def _fit_density(self, snapshot: Snapshot) -> None:
        """The density axis from 0 to a bit above p_data's peak (or p_g's too when following it); p_g's
        spikes would otherwise squash p_data into the bottom of the plot. Where p_g leaves the axis a
        marker sits at the top, at the highest point of each stretch that is cut off."""
        p_true, p_gen = np.asarray(snapshot.p_true, float), np.asarray(snapshot.p_gen, float)
        shown = [p_true] + ([p_gen] if self.follow_generated or not self.true_curve.isVisible() else [])
        heights = self.hist.getData()[1]
        if self.hist.isVisible() and self.follow_generated and heights is not None:
            shown.append(heights)
        top = self._density_top.fit(np.concatenate([np.ravel(a) for a in shown]))
        self.plotItem.vb.setYRange(0.0, top, padding=0.0)
        x = np.asarray(snapshot.grid, float)
        peaks = clipped_peaks(x, p_gen, top) if self.clipped.isVisible() else np.zeros(0)
        self.clipped.setData(peaks, np.full(len(peaks), top))

    def _draw_histogram(self, snapshot: Snapshot) -> None:
        x = snapshot.grid
        edges = np.linspace(x[0], x[-1], HIST_BINS + 1)
        x_s = snapshot.samples[:, 0]
        x_s = x_s[np.isfinite(x_s)]
        counts, _ = np.histogram(x_s, bins=edges)
        # Normalised by all samples, not only those on the grid, so it compares with p_g.
        self.hist.setData(edges, counts / (max(len(x_s), 1) * np.diff(edges)))

    def _d_label(self) -> str:
        if self.witness_mode:
            return WITNESS_LABEL
        return {"oracle": ORACLE_LABEL, "critic": CRITIC_LABEL}.get(self.discriminator, D_LABEL)

    def set_discriminator(self, kind: str) -> None:
        """What the D curve is: "learned" (a probability, beside the ideal D*), "oracle" (D* itself, one curve)
        or "critic" (a critic's score through the logistic function: no D* beside it)."""
        if kind == self.discriminator:
            return
        self.discriminator = kind
        if not self.witness_mode:
            palette.label(self.plotItem, "right", self._d_label())
        self._apply_visibility()
        if self._last is not None:
            self.draw(self._last)

    def _set_mode(self, witness: bool) -> None:
        """Switch the right axis between D(x) on 0..1 and the witness around 0."""
        if witness == self.witness_mode:
            return
        self.witness_mode = witness
        palette.label(self.plotItem, "right", self._d_label())
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


def clipped_peaks(x: np.ndarray, y: np.ndarray, top: float) -> np.ndarray:
    """x at the highest point of each run of consecutive points where y > top."""
    above = np.isfinite(y) & (y > top)
    if not above.any():
        return np.zeros(0)
    edges = np.flatnonzero(np.diff(np.concatenate([[0], above.astype(np.int8), [0]])))
    return np.array([x[a + int(np.argmax(y[a:b]))] for a, b in zip(edges[::2], edges[1::2], strict=True)])


def _band_path(x: np.ndarray, lower: np.ndarray, upper: np.ndarray):
    """A closed polygon between two curves sampled on the same x (non-finite points left out)."""
    ok = np.isfinite(lower) & np.isfinite(upper)
    x, lower, upper = x[ok], lower[ok], upper[ok]
    xs = np.concatenate([x, x[::-1]])
    ys = np.concatenate([lower, upper[::-1]])
    path = pg.arrayToQPath(xs, ys)
    path.closeSubpath()
    return path
