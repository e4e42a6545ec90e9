"""The Dirac-GAN in its parameter plane: θ (the generator's point) against ψ (the discriminator's slope).

Under the plane, the same moment in data space (dirac_data_view); beside it, the distance to the
equilibrium over steps on a log axis, and a panel with the numbers that explain the picture.
Every number and arrow comes from the snapshot (ganviz.core.dirac_analysis computes them); this
file only draws.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtCore, QtWidgets

from ganviz.app.views import palette
from ganviz.app.views._base import DataView, HistoryChange, PlotView, finite_xy
from ganviz.app.views.dirac_data_view import DiracDataView
from ganviz.app.views.log_axis import LogAxis

if TYPE_CHECKING:
    from ganviz.core.snapshot import Snapshot

MAX_TRAJECTORY = 4000  # points drawn; a longer history is thinned evenly (its last point kept)
ARROW_CELL = 0.8  # the longest arrow spans this fraction of a grid cell
MIN_ARROW = 0.2  # the shortest drawn arrow, as a fraction of the longest, so every direction shows
HEAD = 0.35  # barb length as a fraction of the arrow
HEAD_ANGLE = np.radians(24)
ARROW_COLOUR = "#555555"  # darker than the palette's grey: thin arrows must survive a projector
VERDICT_COLOURS = {"converges": palette.GREEN, "circles": palette.ORANGE, "diverges": palette.VERMILLION}


def thinned(x: np.ndarray, y: np.ndarray, most: int = MAX_TRAJECTORY) -> tuple[np.ndarray, np.ndarray]:
    """At most `most` points taken evenly along (x, y), the last one always included."""
    if len(x) <= most:
        return x, y
    keep = np.unique(np.append(np.linspace(0, len(x) - 1, most - 1).astype(int), len(x) - 1))
    return x[keep], y[keep]


def arrow_segments(theta: np.ndarray, psi: np.ndarray, u: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, ...]:
    """Line-segment pairs (x, y) for arrows of the field (u, v) on the grid theta × psi (rows along ψ).

    Lengths grow with the square root of the speed, so slow regions near the equilibrium still
    show their direction; the barbs are two more segments at each tip.
    """
    tt, pp = np.meshgrid(theta, psi)
    speed = np.hypot(u, v)
    top = np.nanmax(speed) if np.isfinite(speed).any() else 0.0
    ok = np.isfinite(speed) & (speed > 0) & (top > 0)
    if not ok.any():
        return np.empty(0), np.empty(0)
    cell = min(np.diff(theta).min(), np.diff(psi).min())
    length = ARROW_CELL * cell * np.maximum(np.sqrt(speed[ok] / top), MIN_ARROW)
    dx, dy = u[ok] / speed[ok] * length, v[ok] / speed[ok] * length
    x0, y0 = tt[ok] - dx / 2, pp[ok] - dy / 2  # centred on the grid point
    x1, y1 = x0 + dx, y0 + dy
    parts_x, parts_y = [x0, x1], [y0, y1]
    for turn in (HEAD_ANGLE, -HEAD_ANGLE):
        c, s = np.cos(turn), np.sin(turn)
        bx, by = -(c * dx - s * dy) * HEAD, -(s * dx + c * dy) * HEAD
        parts_x += [x1, x1 + bx]
        parts_y += [y1, y1 + by]
    # interleave as (start, end) pairs: shaft, barb, barb for every arrow
    xs = np.stack(parts_x, axis=1).reshape(-1)
    ys = np.stack(parts_y, axis=1).reshape(-1)
    return xs, ys


def _complex(re: float, im: float) -> str:
    if abs(im) < 5e-7:
        return f"{re:.4f}"
    return f"{re:.4f} {'+' if im >= 0 else '−'} {abs(im):.5f}i".replace("-", "−")


HERE_WINDOW = 10  # records of the path that tell how the run moves where it is now


def local_motion(theta: np.ndarray, psi: np.ndarray) -> str:
    """How the run moves where it is now, from its last records: the verdict at (0, 0) says what happens
    near the equilibrium, and a run can be far from it (parked where the saturating loss has no gradient)."""
    if len(theta) < HERE_WINDOW:
        return ""
    th, ps = np.asarray(theta[-HERE_WINDOW:], float), np.asarray(psi[-HERE_WINDOW:], float)
    r = np.hypot(th, ps)
    travel = float(np.hypot(np.diff(th), np.diff(ps)).sum())
    if travel < 1e-6 * (1.0 + r[-1]):
        return "stalled: the gradient is ~0 here (the loss saturates)" if r[-1] > 1e-3 else "at rest at (0, 0)"
    change = r[-1] - r[0]
    if change > 0.02 * travel:
        return "moving out"
    if change < -0.02 * travel:
        return "moving in"
    return "circling"


def panel_html(extra: dict, here: str = "") -> str:
    """The numbers panel: Jacobian eigenvalues, step-map moduli, the verdict near (0, 0) and, when known,
    how the run moves where it is now, as rich text."""
    verdict = str(extra.get("verdict", ""))
    if not verdict:
        return "<i>no analysis yet</i>"
    re, im = np.asarray(extra["eig_re"], float), np.asarray(extra["eig_im"], float)
    if np.isfinite(re).all():
        eig = ", ".join(_complex(a, b) for a, b in zip(re, im, strict=True))
    else:
        eig = "none (the field is not differentiable at (0, 0))"
    moduli = np.asarray(extra.get("step_moduli", ()), float)
    mod = ", ".join(f"{m:.7f}" for m in moduli) if moduli.size else "—"
    colour = VERDICT_COLOURS.get(verdict, palette.GREY)
    line = html.escape(str(extra.get("verdict_line", verdict)).split(": ", 1)[-1])
    return (f"<p><b>Jacobian of the field at (0, 0)</b><br>eigenvalues λ: {eig}</p>"
            f"<p><b>Step map</b> — {html.escape(str(extra.get('step_map', '')))}<br>moduli |μ|: {mod}</p>"
            f"<p>near (0, 0): <b style='color:{colour}; font-size:{palette.css_pt(palette.TITLE_PT + 3)}'>"
            f"{verdict}</b><br>{line}</p>"
            + (f"<p><b>here:</b> {html.escape(here)}</p>" if here else ""))


class DiracPlane(DataView, QtWidgets.QWidget):
    """The (θ, ψ) plane with the field's arrows, the equilibrium, the trajectory and the current point;
    beside it the distance to (0, 0) over steps (log axis) and the numbers panel.

    `update(history)` draws the trajectory and the distance from the "theta", "psi", "radius"
    and "step" arrays; `update(snapshot)` moves the marker and redraws the field and the panel
    from the snapshot's `extra` (only when they changed).
    """

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.setStyleSheet("background: white")
        self.plane = PlotView(background=palette.BACKGROUND)
        plot = self.plane.plotItem
        palette.style_plot(plot, title="the (θ, ψ) plane<br>and its field")  # short lines: a long one was cut
        palette.label(plot, "bottom", "θ (generator's point)", short="θ")
        palette.label(plot, "left", "ψ (discriminator's slope)", short="ψ")
        plot.setMenuEnabled(False)
        plot.setAspectLocked(True)
        plot.showGrid(x=True, y=True, alpha=0.15)
        legend = palette.wrapping_legend_below(plot, self.plane)  # inside, it hid the field in a narrow window
        self.arrows = pg.PlotDataItem(connect="pairs", **palette.fast_line(ARROW_COLOUR, palette.THIN))
        self.trajectory = pg.PlotDataItem(**palette.fast_line("trajectory", palette.LINE * 0.8))
        self.equilibrium = pg.ScatterPlotItem([0.0], [0.0], symbol="+", size=22 * palette.scale(),
                                              pen=palette.pen("equilibrium", palette.LINE), brush=None)
        self.current = pg.ScatterPlotItem(symbol="o", size=13 * palette.scale(), pen=pg.mkPen("w", width=1.5),
                                          brush=palette.brush("current"))
        for item, name in ((self.arrows, "field v (descent)"), (self.trajectory, "trajectory"),
                           (self.equilibrium, "equilibrium (0, 0)"), (self.current, "now")):
            plot.addItem(item)
            legend.addItem(item, name)
        legend.refit()
        self.equilibrium.setZValue(self.current.zValue() + 1)  # the cross stays visible once the run arrives
        plot.disableAutoRange()
        self._half = 0.0
        self._field_key: tuple | None = None

        self.distance = PlotView(background=palette.BACKGROUND, axisItems={"left": LogAxis("left")})
        dplot = self.distance.plotItem
        palette.style_plot(dplot, title="distance<br>to (0, 0)")
        palette.label(dplot, "bottom", "step")
        palette.label(dplot, "left", "√(θ² + ψ²) (log scale)", short="√(θ² + ψ²)")
        dplot.setMenuEnabled(False)
        dplot.setLogMode(y=True)
        self.radius = pg.PlotDataItem(**palette.series_line("trajectory", palette.LINE))
        dplot.addItem(self.radius)

        self.panel = QtWidgets.QLabel(panel_html({}))
        self.panel.setWordWrap(True)
        self.panel.setTextFormat(QtCore.Qt.RichText)
        self.panel.setAlignment(QtCore.Qt.AlignTop | QtCore.Qt.AlignLeft)
        self.panel.setFont(palette.font(palette.LEGEND_PT + 1))
        self.panel.setContentsMargins(10, 6, 10, 6)
        self.panel.setStyleSheet(f"background: white; color: {palette.FOREGROUND}")

        side = QtWidgets.QSplitter(QtCore.Qt.Vertical)
        side.addWidget(self.distance)
        scroll = QtWidgets.QScrollArea()  # in a small window the verdict at its end scrolls into view
        scroll.setWidget(self.panel)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side.addWidget(scroll)
        side.setStretchFactor(0, 1)
        side.setStretchFactor(1, 1)
        side.setSizes([1000, 1000])  # the panel needs about half the column for its lines
        self.data_space = DiracDataView()
        self.data_space.setXLink(self.plane)  # the generator's spike stands under the plane's current point
        left = QtWidgets.QSplitter(QtCore.Qt.Vertical)
        left.addWidget(self.plane)
        left.addWidget(self.data_space)
        left.setStretchFactor(0, 5)
        left.setStretchFactor(1, 2)
        split = QtWidgets.QSplitter(QtCore.Qt.Horizontal)
        split.addWidget(left)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self._changed = HistoryChange()
        self._extra: dict | None = None  # the snapshot's analysis shown in the panel
        self._here = ""  # how the run moves where it is now (local_motion)
        self._reach = 0.0  # the farthest the drawn trajectory goes from the origin
        self._shown: float | None = None
        self._fit()

    # ----- drawing -------------------------------------------------------------------------------
    def draw(self, data: dict[str, np.ndarray] | Snapshot) -> None:
        """Draw a history (trajectory, distance, marker) or a snapshot (marker, field, panel)."""
        if isinstance(data, dict):
            self._draw_history(data)
            return
        extra = data.extra
        theta, psi = extra.get("theta"), extra.get("psi")
        if theta is not None and psi is not None and np.isfinite([theta, psi]).all():
            self.current.setData([float(theta)], [float(psi)])
            self.data_space.draw(data)
        if "plane_u" in extra:
            self._draw_field(extra)

    def _draw_history(self, history: dict[str, np.ndarray]) -> None:
        if not self._changed.check(history):
            return
        theta, psi = finite_xy(history.get("theta", np.empty(0)), history.get("psi", np.empty(0)))
        theta, psi = thinned(theta, psi)
        self.trajectory.setData(theta, psi)
        if len(theta):
            self.current.setData([theta[-1]], [psi[-1]])
            self._reach = float(max(np.abs(theta).max(), np.abs(psi).max()))
        else:
            self._reach = 0.0
        radius = history.get("radius")
        if radius is None:  # a history from before the radius was recorded
            radius = np.hypot(history.get("theta", np.nan), history.get("psi", np.nan))
        steps, radius = finite_xy(history.get("step", np.empty(0)), np.broadcast_to(radius, np.shape(
            history.get("step", ()))), positive=True)
        self.radius.setData(*thinned(steps, radius))
        here = local_motion(*finite_xy(history.get("theta", np.empty(0)), history.get("psi", np.empty(0))))
        if here != self._here:
            self._here = here
            if self._extra is not None:
                self.panel.setText(panel_html(self._extra, here))
        self._fit()

    def _draw_field(self, extra: dict) -> None:
        u, v = np.asarray(extra["plane_u"], float), np.asarray(extra["plane_v"], float)
        theta, psi = np.asarray(extra["plane_theta"], float), np.asarray(extra["plane_psi"], float)
        key = (theta[0], theta[-1], len(theta), u.tobytes(), v.tobytes(), str(extra.get("verdict_line", "")))
        if key == self._field_key:
            return  # the field and the numbers only change with the config or the plane's size
        self._field_key = key
        self.arrows.setData(*arrow_segments(theta, psi, u, v))
        self._half = float(max(abs(theta[0]), abs(theta[-1])))
        self._extra = extra
        self.panel.setText(panel_html(extra, self._here))
        self._fit()

    def _fit(self) -> None:
        """Show the field's square, widened to the trajectory; changes only when the reach changes."""
        half = max(self._half, np.ceil(1.05 * self._reach * 4) / 4, 1.0)  # quarter steps: no jitter
        if self._shown != half:
            self._shown = half
            self.plane.plotItem.setRange(xRange=(-half, half), yRange=(-half, half), padding=0.02)
