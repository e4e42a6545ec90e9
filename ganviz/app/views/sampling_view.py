"""The classic samplers at work on a 1-D target: histogram building up, proposals, chain trace, acceptance.

The samplers are plain numpy (ganviz.core.sampling) and cost microseconds per draw, so they run
here in the GUI process on a timer: no torch model is involved, and the trainer process keeps
its one job. Top plot: the target density, the histogram of the draws so far and, for rejection
sampling, the roof M·q with the latest darts (kept green, refused red). Bottom plot, by method:
the CDF with the latest u ↦ F⁻¹(u) paths, the acceptance rate against 1/M, or the chain's trace.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtCore, QtWidgets

from ganviz.app.views import palette
from ganviz.core.sampling import METHODS, MetropolisHastings, Sampler, make_sampler
from ganviz.core.targets.base import Target1D

BINS = 60
GRID = 600
TRACE = 400  # chain steps shown in the trace
PATHS = 12  # latest inverse-transform paths drawn
TICK_MS = 33
NAMES = {"inverse": "inverse transform", "rejection": "rejection sampling", "metropolis": "Metropolis-Hastings"}


class SamplingView(QtWidgets.QWidget):
    """Runs one sampler on a timer and draws it; `run(target, params)` starts a new one."""

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.sampler: Sampler | None = None
        self.target: Target1D | None = None
        self.params: dict = {}
        self.timer = QtCore.QTimer(self, interval=TICK_MS)
        self.timer.timeout.connect(self.tick)
        self._build_controls()
        self._build_plots()
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.controls)
        layout.addWidget(self.plots, 1)

    # ----- building ----------------------------------------------------------------------------
    def _build_controls(self) -> None:
        self.status = QtWidgets.QLabel("")
        self.status.setFont(palette.font(palette.AXIS_PT))
        # a long status line must not widen the window: it is cut instead
        self.status.setSizePolicy(QtWidgets.QSizePolicy.Ignored, QtWidgets.QSizePolicy.Preferred)
        self.method = QtWidgets.QComboBox()
        for m in METHODS:
            self.method.addItem(NAMES[m], m)
        self.method.activated.connect(lambda _i: self.restart(method=self.method.currentData()))
        self.width_box = QtWidgets.QDoubleSpinBox(decimals=2, minimum=0.01, maximum=100.0, singleStep=0.1,
                                                  prefix="step width ")
        self.width_box.setToolTip("Metropolis-Hastings: standard deviation of the proposal step")
        self.width_box.valueChanged.connect(self._on_width)
        self.play_button = QtWidgets.QPushButton("Pause", checkable=True, checked=True)
        self.play_button.toggled.connect(self.set_running)
        self.restart_button = QtWidgets.QPushButton("Restart")
        self.restart_button.clicked.connect(lambda: self.restart())
        self.controls = QtWidgets.QHBoxLayout()
        for w in (self.method, self.width_box, self.play_button, self.restart_button):
            self.controls.addWidget(w)
        self.controls.addWidget(self.status, 1)

    def _build_plots(self) -> None:
        self.plots = pg.GraphicsLayoutWidget()
        self.plots.setBackground(palette.BACKGROUND)
        top = self.plots.addPlot(row=0, col=0)
        palette.style_plot(top, title="the target and the draws so far")
        palette.label(top, "left", "density")
        top.setMenuEnabled(False)
        top.vb.setLimits(yMin=0)
        self.true_curve = pg.PlotDataItem(pen=palette.pen("true", palette.THIN * 1.5), fillLevel=0.0,
                                          brush=palette.brush("true", 35), antialias=True)
        self.hist = pg.PlotDataItem(stepMode="center", fillLevel=0.0, pen=palette.pen("histogram", palette.THIN),
                                    brush=palette.brush("histogram", 90))
        self.roof = pg.PlotDataItem(pen=palette.pen("d_star", palette.LINE, "dash"))
        dots = {"size": 8 * palette.scale(), "pxMode": True}
        self.kept = pg.ScatterPlotItem(brush=palette.brush(palette.GREEN), pen=pg.mkPen("w", width=0.5), **dots)
        self.refused = pg.ScatterPlotItem(brush=palette.brush(palette.VERMILLION), symbol="x",
                                          pen=pg.mkPen(palette.VERMILLION, width=1.5 * palette.scale()), **dots)
        for item in (self.true_curve, self.hist, self.roof, self.kept, self.refused):
            top.addItem(item)
        self.legend = palette.legend_below(top, 3)
        bottom = self.plots.addPlot(row=1, col=0)
        palette.style_plot(bottom)
        palette.label(bottom, "bottom", "x")
        bottom.setMenuEnabled(False)
        self.cdf_curve = pg.PlotDataItem(pen=palette.pen("true"), antialias=True)
        self.paths = pg.PlotDataItem(connect="finite", **palette.fast_line(palette.BLUE, palette.THIN))
        self.trace = pg.PlotDataItem(**palette.fast_line(palette.BLUE, palette.THIN))
        self.current = pg.ScatterPlotItem(brush=palette.brush(palette.VERMILLION), size=10 * palette.scale(),
                                          pen=None)
        self.rate_curve = pg.PlotDataItem(pen=palette.pen(palette.BLUE), antialias=True)
        self.rate_line = pg.InfiniteLine(angle=0, pen=palette.pen("d_star", palette.THIN * 1.5, "dash"), label="1/M",
                                         labelOpts={"position": 0.95, "color": palette.VERMILLION})
        self.rate_line.label.setFont(palette.font(palette.LEGEND_PT))
        for item in (self.cdf_curve, self.paths, self.trace, self.current, self.rate_curve, self.rate_line):
            bottom.addItem(item)
        self.top, self.bottom = top, bottom
        self.plots.ci.layout.setRowStretchFactor(0, 3)
        self.plots.ci.layout.setRowStretchFactor(1, 2)

    # ----- running -----------------------------------------------------------------------------
    def run(self, target: Target1D, params: dict) -> None:
        """Start a fresh sampler of `target` with checked settings (see sampling.check_params); it plays."""
        self.target = target
        self.params = dict(params)
        self.restart()
        self.set_running(True)

    def restart(self, method: str | None = None) -> None:
        """Start over (optionally with another method), keeping the other settings."""
        if self.target is None:
            return
        if method is not None:
            self.params["method"] = method
        self.params.setdefault("method", "inverse")
        self.sampler = make_sampler(self.target, self.params)
        self.method.setCurrentIndex(METHODS.index(self.params["method"]))
        self.width_box.blockSignals(True)
        self.width_box.setValue(self.params.get("width", 1.0))
        self.width_box.blockSignals(False)
        self.width_box.setVisible(self.params["method"] == "metropolis")
        self._setup_method()
        self.draw()

    def set_running(self, on: bool) -> None:
        """Run or pause the timer (and show it on the button)."""
        self.play_button.blockSignals(True)
        self.play_button.setChecked(on)
        self.play_button.setText("Pause" if on else "Play")
        self.play_button.blockSignals(False)
        if on and self.sampler is not None and self.isVisible():
            self.timer.start()
        else:
            self.timer.stop()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """Resume when shown again, if it was running."""
        super().showEvent(event)
        if self.play_button.isChecked() and self.sampler is not None:
            self.timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """A hidden sampler does not use the CPU."""
        super().hideEvent(event)
        self.timer.stop()

    def tick(self, n: int | None = None) -> None:
        """Advance by `n` draws (default: the settings' per-frame count) and redraw."""
        if self.sampler is None:
            return
        self.sampler.advance(self.params.get("per_frame", 5) if n is None else n)
        self.draw()

    def _on_width(self, value: float) -> None:
        self.params["width"] = float(value)
        if isinstance(self.sampler, MetropolisHastings):
            self.sampler.set_width(value)

    # ----- drawing -----------------------------------------------------------------------------
    def _setup_method(self) -> None:
        """Items, labels and ranges that depend on the method and target (not per frame)."""
        method, target = self.params["method"], self.target
        lo, hi = target.bounds[0]
        x = np.linspace(lo, hi, GRID)
        self._edges = np.linspace(lo, hi, BINS + 1)
        self.true_curve.setData(x, target.density(x[:, None]))
        self.top.setXRange(lo, hi, padding=0.02)
        self.top.enableAutoRange(x=False)
        self.bottom.enableAutoRange(x=False, y=False)
        self.bottom.setXLink(self.top)
        rejection, inverse, chain = method == "rejection", method == "inverse", method == "metropolis"
        self.roof.setVisible(rejection)
        self.kept.setVisible(rejection)
        self.refused.setVisible(rejection or chain)
        self.cdf_curve.setVisible(inverse)
        self.paths.setVisible(inverse)
        self.trace.setVisible(chain)
        self.current.setVisible(chain)
        self.rate_curve.setVisible(rejection)
        self.rate_line.setVisible(rejection)
        self.bottom.vb.invertY(chain)
        if inverse:
            self.cdf_curve.setData(x, target.cdf(x))
            self.bottom.setYRange(0, 1, padding=0.02)
            palette.label(self.bottom, "left", "u = F(x)")
            palette.label(self.bottom, "bottom", "x")
            self.bottom.setTitle("uniform u ↦ x = F⁻¹(u)", color=palette.FOREGROUND,
                                 size=palette.css_pt(palette.TITLE_PT))
        elif rejection:
            self.bottom.setXLink(None)
            self.bottom.enableAutoRange(x=True)
            self.roof.setData([lo, hi], [self.sampler.M * self.sampler.q] * 2)
            self.rate_line.setValue(1.0 / self.sampler.M)
            palette.label(self.bottom, "left", "acceptance rate")
            palette.label(self.bottom, "bottom", "proposals made")
            self.bottom.setTitle("kept / proposed, against 1/M", color=palette.FOREGROUND,
                                 size=palette.css_pt(palette.TITLE_PT))
        else:
            palette.label(self.bottom, "left", "step")
            palette.label(self.bottom, "bottom", "x")
            self.bottom.setTitle(f"the chain's last {TRACE} steps (newest at the bottom)", color=palette.FOREGROUND,
                                 size=palette.css_pt(palette.TITLE_PT))
        self.legend.clear()
        self.legend.addItem(self.true_curve, "target p(x)")
        self.legend.addItem(self.hist, "histogram of the draws" if not chain else "histogram of the chain")
        if rejection:
            self.legend.addItem(self.roof, "roof M·q(x)")
            self.legend.setColumnCount(3)
            self.legend.addItem(self.kept, "kept")
            self.legend.addItem(self.refused, "refused")
        if chain:
            self.legend.addItem(self.refused, "refused proposals")
        self.legend.setColumnCount(3)

    def draw(self) -> None:
        """Draw the sampler's current state."""
        if self.sampler is None:
            return
        s = self.sampler.state()
        counts, _ = np.histogram(s.samples, bins=self._edges)
        total = max(len(s.samples), 1)
        self.hist.setData(self._edges, counts / (total * np.diff(self._edges)))
        if s.method == "inverse":
            self._draw_paths(s.recent_x[-PATHS:], s.recent_y[-PATHS:])
        elif s.method == "rejection":
            self.kept.setData(x=s.recent_x[s.recent_ok], y=s.recent_y[s.recent_ok])
            self.refused.setData(x=s.recent_x[~s.recent_ok], y=s.recent_y[~s.recent_ok])
            if len(s.rate_history):
                self.rate_curve.setData(s.rate_history[:, 0], s.rate_history[:, 1])
                self.bottom.setYRange(0, min(1.0, 2.5 / self.sampler.M), padding=0.02)
        else:
            tail = s.samples[-TRACE:]
            steps = np.arange(len(s.samples) - len(tail), len(s.samples))
            self.trace.setData(tail, steps)
            if len(tail):
                self.current.setData(x=tail[-1:], y=steps[-1:])
                self.bottom.setYRange(max(0, steps[-1] - TRACE), steps[-1] + 1, padding=0.02)
            bad = ~s.recent_ok
            self.refused.setData(x=s.recent_x[bad], y=np.zeros(int(bad.sum())))
        self.status.setText(self._status_text(s))

    def _draw_paths(self, x: np.ndarray, u: np.ndarray) -> None:
        """From (lo, u) across to (x, u) on the CDF, then down to (x, 0): one path per uniform."""
        lo = self.target.bounds[0][0]
        nan = np.full(len(x), np.nan)
        xs = np.stack([np.full(len(x), lo), x, x, nan], axis=1).ravel()
        ys = np.stack([u, u, np.zeros(len(x)), nan], axis=1).ravel()
        self.paths.setData(xs, ys)

    def _status_text(self, s) -> str:
        name = NAMES[s.method]
        if s.method == "inverse":
            return f"<b>{name}</b>: {len(s.samples):,} draws, every uniform used"
        if s.method == "rejection":
            return (f"<b>{name}</b>: {s.accepted:,} kept of {s.tried:,} proposals, "
                    f"acceptance {s.acceptance:.3f} (1/M = {1 / self.sampler.M:.3f})")
        return f"<b>{name}</b>: {s.tried:,} steps, acceptance {s.acceptance:.3f}"
