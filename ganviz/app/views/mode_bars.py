"""Mode collapse at a glance: one bar per mode with its share of the samples, and the colours of the modes."""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtWidgets

from ganviz.app.views import palette
from ganviz.app.views._base import DataView, StickyMax, placeholder

if TYPE_CHECKING:
    from ganviz.core.snapshot import Snapshot

# Eight strong colours, mode k gets k mod 8: all eight ring modes differ, and on the 5×5 grid
# (index 5i + j) neighbours differ by 1, 4, 5 or 6, never by a multiple of 8, so they differ too.
MODE_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#8C564B", "#000000")
LOW_QUALITY = "#B4B4B4"
N_SAMPLES = 2500  # the evaluator's mode-coverage sample (evaluation.N_EVAL)
N_STD = 3.0
# A sample of a 2-D isotropic Gaussian lies within 3 std of its centre with probability 1 − e^(−9/2)
# (‖x − μ‖²/σ² is χ² with 2 degrees of freedom): the share each mode gets from a perfect generator.
PERFECT_HQ = 1.0 - math.exp(-N_STD**2 / 2)
NO_MODES = "this target has no separate modes"
MIN_HEIGHT = 200  # pixels at scale 1: title, bars, axis and legend stay readable


def mode_colour(k: int) -> str:
    """The colour of mode k (samples and bars)."""
    return MODE_COLOURS[k % len(MODE_COLOURS)]


@lru_cache(maxsize=8)
def _brush_table(n_modes: int, alpha: int) -> np.ndarray:
    """Brushes indexed by mode + 1: entry 0 is the low-quality grey."""
    colours = [LOW_QUALITY] + [mode_colour(k) for k in range(n_modes)]
    table = np.empty(len(colours), dtype=object)
    for i, c in enumerate(colours):
        table[i] = palette.brush(c, alpha)
    return table


def sample_brushes(sample_mode: np.ndarray, n_modes: int, alpha: int = 220) -> np.ndarray:
    """One brush per sample: its nearest mode's colour, grey when it is more than 3 std from it."""
    return _brush_table(n_modes, alpha)[np.asarray(sample_mode, dtype=np.int64) + 1]


def summary(mode_share: np.ndarray) -> tuple[int, float]:
    """(modes covered, high-quality fraction) from each mode's share of the samples."""
    share = np.asarray(mode_share, dtype=float)
    return int(np.sum(share > 0)), float(np.sum(share))


class ModeBarsView(DataView, pg.PlotWidget):
    """A bar per mode: its share of 2500 generated samples (high quality only), in the mode's colour.

    The title counts the modes covered and the high-quality fraction; a dashed line marks the share
    a perfect generator would give every mode, (1 − e^(−4.5))/K.
    """

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent, background=palette.BACKGROUND)
        self.setMinimumHeight(int(MIN_HEIGHT * palette.scale()))  # a splitter would squeeze it to nothing
        plot = self.plotItem
        palette.style_plot(plot, title="modes")
        palette.label(plot, "bottom", "mode")
        palette.label(plot, "left", "% of samples")
        plot.setMenuEnabled(False)
        plot.setMouseEnabled(x=False, y=False)
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.8, pen=pg.mkPen(None))
        self.perfect = pg.PlotDataItem(**palette.fast_line("reference", palette.THIN * 1.5, "dash"))
        plot.addItem(self.bars)
        plot.addItem(self.perfect)
        self.legend = palette.wrapping_legend_below(plot, self)
        self.legend.addItem(self.perfect, "a perfect generator<br>(98.9 % / number of modes)")
        self.legend.refit()
        self.message = placeholder(plot, NO_MODES)
        self._top = StickyMax(floor=1.0)
        self._n_modes = -1
        self._title = ""

    def draw(self, snapshot: Snapshot) -> None:
        """Draw the snapshot's mode shares (a placeholder when the target has no modes)."""
        share = snapshot.mode_share
        if share is None:
            self._show_message(True)
            return
        self._show_message(False)
        k = len(share)
        percent = 100.0 * np.nan_to_num(np.asarray(share, dtype=float))
        x = np.arange(1, k + 1)
        if k != self._n_modes:
            self._n_modes = k
            self.bars.setOpts(brushes=[palette.brush(mode_colour(i)) for i in range(k)])
            self.perfect.setData([0.5, k + 0.5], [100 * PERFECT_HQ / k] * 2)
            self.plotItem.setXRange(0.4, k + 0.6, padding=0)
            self.plotItem.getAxis("bottom").setTicks([[(i, str(i)) for i in x if k <= 12 or i % 5 in (0, 1)]])
        self.bars.setOpts(x=x, height=percent)
        top = self._top.fit(np.append(percent, 100 * PERFECT_HQ / k * 1.5))
        self.plotItem.setYRange(0, top, padding=0)
        covered, hq = summary(share)
        # two lines: on one the title alone was wider than a projector's 1024 px window leaves this view
        title = f"modes covered {covered} / {k}<br>high quality {100 * hq:.1f} %"
        if title != self._title:
            self._title = title
            self.plotItem.setTitle(title, color=palette.FOREGROUND, size=palette.css_pt(palette.TITLE_PT))

    def _show_message(self, on: bool) -> None:
        if self.message.isVisible() == on:
            return
        self.message.setVisible(on)
        self.bars.setVisible(not on)
        self.perfect.setVisible(not on)
        if on:
            self._n_modes = -1
            self.message.setPos(0.5, 0.5)
            self.plotItem.setRange(xRange=(0, 1), yRange=(0, 1), padding=0)
            self.plotItem.setTitle("modes", color=palette.FOREGROUND, size=palette.css_pt(palette.TITLE_PT))
            self._title = ""
