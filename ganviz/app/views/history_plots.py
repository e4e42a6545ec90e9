"""Curves of the logged histories against the step: losses, and the distances to the target."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtWidgets

from ganviz.app.views import palette
from ganviz.app.views._base import DataView, HistoryChange, add_right_viewbox, finite_xy
from ganviz.app.views.log_axis import LogAxis
from ganviz.core.config import CRITIC_LOSSES

EQUILIBRIUM_VALUE = -math.log(4.0)  # V(D*, G) when p_g = p_data: D* = 1/2 everywhere

LOSS_SERIES = (("loss_d", "loss D"), ("loss_g", "loss G"), ("value", "value V(D, G)"))
EQUILIBRIUM_LABEL = "value at equilibrium (−log 4)"
METRIC_SERIES = (("jsd", "JSD"), ("w1", "W₁"), ("mmd", "MMD²"), ("fd", "Fréchet distance"))
# What the right axis counts: the modes a mixture target's samples cover, or the digit classes an image run's do.
COUNTS = {"modes": "modes covered", "classes": "classes covered"}


def draw_series(curves: dict[str, pg.PlotDataItem], history: dict[str, np.ndarray], positive: bool = False) -> None:
    """Each visible curve gets its series against the step; missing series draw nothing."""
    step = history.get("step", np.empty(0))
    for key, curve in curves.items():
        if curve.isVisible():
            curve.setData(*finite_xy(step, history.get(key, np.full(len(step), np.nan)), positive=positive))


def _has_positive(values: np.ndarray | None) -> bool:
    """Whether a series has a value the log axis can show."""
    return values is not None and bool(np.any(np.isfinite(values) & (values > 0)))


class ChangeMarks:
    """Dotted vertical lines on a history plot where a setting changed, each with its change as a tooltip
    (lines are made as needed and reused; hidden ones wait for later marks)."""

    def __init__(self, plot: pg.PlotItem):
        self.plot = plot
        self.lines: list[pg.InfiniteLine] = []

    def show(self, changes) -> None:
        """One line per step that saw changes (several keys at one step share a line)."""
        by_step: dict[int, list[str]] = {}
        for c in changes:
            by_step.setdefault(c.step, []).append(c.text())
        while len(self.lines) < len(by_step):
            line = pg.InfiniteLine(angle=90, movable=False, pen=palette.pen("reference", palette.THIN, "dot"))
            line.setAcceptHoverEvents(True)
            self.plot.addItem(line, ignoreBounds=True)
            self.lines.append(line)
        for line, (step, texts) in zip(self.lines, by_step.items(), strict=False):
            line.setValue(step)
            line.setToolTip("\n".join(texts))
            line.setVisible(True)
        for line in self.lines[len(by_step):]:
            line.setVisible(False)

    def shown(self) -> list[tuple[float, str]]:
        """(step, tooltip) of the lines on show."""
        return [(line.value(), line.toolTip()) for line in self.lines if line.isVisible()]


class LossPlot(DataView, pg.PlotWidget):
    """loss_d, loss_g and the value V(D, G) against the step, with the equilibrium value marked."""

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent, background=palette.BACKGROUND)
        plot = self.plotItem
        palette.style_plot(plot, title="losses")
        palette.label(plot, "bottom", "step")
        palette.label(plot, "left", "loss")
        plot.setMenuEnabled(False)  # no grid in these plots: its alpha-blended lines cost ~14 ms a repaint
        plot.vb.setLimits(xMin=0)  # steps start at 0: one record at step 0 had the axis run −0.5…0.5
        legend = palette.wrapping_legend_below(plot, self)
        self.legend = legend
        reference_pen = palette.pen("reference", palette.THIN * 1.5, "dash")
        self.reference = pg.InfiniteLine(EQUILIBRIUM_VALUE, angle=0, pen=reference_pen)
        plot.addItem(self.reference)
        self.curves: dict[str, pg.PlotDataItem] = {}
        for key, _ in LOSS_SERIES:
            curve = pg.PlotDataItem(**palette.series_line(key, palette.LINE))
            plot.addItem(curve)
            self.curves[key] = curve
        # named in the legend: a label on the line itself lay over the curves or the step axis' ticks
        self._reference_sample = pg.PlotDataItem(pen=reference_pen)
        self.marks = ChangeMarks(plot)
        self._changed = HistoryChange()
        self.game: tuple[str, str] | None = None
        self.set_game("gan", "nonsaturating")

    def set_game(self, method: str, loss: str) -> None:
        """Show the lines that mean something for this game: a GMN has only G's loss (MMD²), a critic
        has no V(D, G) and no −log 4; a GAN with a probability D shows all three and the equilibrium."""
        if (method, loss) == self.game:
            return
        self.game = (method, loss)
        gmn, critic = method == "gmn", loss in CRITIC_LOSSES  # with a critic V(D, G) and −log 4 mean nothing
        names = {"loss_d": "loss D (critic)" if critic else "loss D",
                 "loss_g": "MMD² (G's loss)" if gmn else "loss G", "value": "value V(D, G)"}
        shown = {"loss_d": not gmn, "loss_g": True, "value": not (gmn or critic)}
        self.legend.clear()
        for key, curve in self.curves.items():
            curve.setVisible(shown[key])
            if shown[key]:
                self.legend.addItem(curve, names[key])
        self.reference.setVisible(shown["value"])
        if shown["value"]:
            self.legend.addItem(self._reference_sample, EQUILIBRIUM_LABEL)
        self.legend.refit()
        self._changed = HistoryChange()  # curves shown again must be redrawn

    def draw(self, history: dict[str, np.ndarray]) -> None:
        """Draw the loss series of a history (arrays keyed by name, with "step")."""
        if self._changed.check(history):
            draw_series(self.curves, history)


class MetricsPlot(DataView, pg.PlotWidget):
    """JSD, W₁, MMD² (and for images the Fréchet distance) on a log axis, and the number of modes (or digit
    classes) covered on a linear right axis."""

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent, background=palette.BACKGROUND, axisItems={"left": LogAxis("left")})
        plot = self.plotItem
        palette.style_plot(plot, title="distance to target")
        palette.label(plot, "bottom", "step")
        palette.label(plot, "left", "distance (log scale)", short="distance")
        plot.setMenuEnabled(False)
        plot.vb.setLimits(xMin=0)
        plot.setLogMode(y=True)
        self.right = add_right_viewbox(plot)
        plot.getAxis("right").setLogMode(False, False)  # setLogMode above set every axis to log
        palette.label(plot, "right", "modes covered", palette.ROLE["modes"], short="modes")
        self._modes_top = 0
        self.legend = palette.wrapping_legend_below(plot, self)
        self.curves: dict[str, pg.PlotDataItem] = {}
        for key, _ in METRIC_SERIES:
            curve = pg.PlotDataItem(**palette.series_line(key, palette.LINE))
            plot.addItem(curve)
            self.curves[key] = curve
        # Solid: a dashed pen along a long, jagged series costs a third of a second per redraw.
        self.modes = pg.PlotDataItem(**palette.series_line("modes", palette.LINE))
        self.right.addItem(self.modes)
        self.listed: tuple[str, ...] = ()
        self.count = "modes"  # the series on the right axis
        self._list(("jsd", "w1", "mmd", "modes"))  # before any record: what a density run has (not fd)
        self.marks = ChangeMarks(plot)
        self._changed = HistoryChange()

    def _list(self, keys: tuple[str, ...]) -> None:
        """Name in the legend only the series that have values (the Dirac-GAN has no JSD, no MMD², no modes);
        the right axis goes with the modes, so an empty "modes covered" axis is never drawn."""
        if keys == self.listed:
            return
        self.listed = keys
        self.legend.clear()
        names = dict(METRIC_SERIES, **COUNTS)
        for key in keys:
            self.legend.addItem(self.modes if key in COUNTS else self.curves[key], names[key])
        self.plotItem.showAxis("right", any(key in COUNTS for key in keys))
        self.legend.refit()

    def draw(self, history: dict[str, np.ndarray]) -> None:
        """Draw the metric series of a history; zeros, negatives and NaN are left out of the log axis."""
        if not self._changed.check(history):
            return
        draw_series(self.curves, history, positive=True)
        self._count_on_right("classes" if "classes" in history else "modes")
        modes = history.get(self.count)
        has_modes = modes is not None and bool(np.isfinite(modes).any())
        self.modes.setVisible(has_modes)
        if len(history.get("step", ())):
            self._list(tuple(key for key, _ in METRIC_SERIES if _has_positive(history.get(key)))
                       + ((self.count,) if has_modes else ()))
        if has_modes:
            self.modes.setData(*finite_xy(history["step"], modes))
            self._fit_modes(float(np.nanmax(modes)))

    def _count_on_right(self, key: str) -> None:
        """Count modes or digit classes on the right axis (the run's kind decides)."""
        if key != self.count:
            self.count = key
            self._modes_top = 0
            palette.label(self.plotItem, "right", COUNTS[key], palette.ROLE["modes"], short=key)

    def _fit_modes(self, most: float) -> None:
        """Integer ticks from 0 to just above the most modes seen; grows only, so the axis stays still."""
        top = max(2, math.ceil(most))
        if top <= self._modes_top:
            return
        self._modes_top = top
        self.right.setYRange(-0.2, top + 0.3, padding=0.0)
        self.plotItem.getAxis("right").setTickSpacing(1 if top <= 10 else 5, 1)
