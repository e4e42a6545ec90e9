"""The game's spectrum: the eigenvalues of its Jacobian in the complex plane, inside or outside the
stability disc of simultaneous gradient steps, and two histories of what decides stability.

Every number comes from a GameSpectrum reply (ganviz.core.spectrum computes them); this file only
draws. The disc |1 + hλ| < 1 has its centre at −1/h and radius 1/h: for the small steps GANs take it
hugs the left half plane, touching the imaginary axis at 0, so an eigenvalue right of the axis (or
on it, rotating) is one the steps cannot damp.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtCore, QtWidgets

from ganviz.app.views import palette
from ganviz.app.views._base import DataView

if TYPE_CHECKING:
    from ganviz.app.session.protocol import GameSpectrum

VERDICT_COLOURS = {"converges": palette.GREEN, "circles": palette.ORANGE, "diverges": palette.VERMILLION}
DISC_POINTS = 721  # the disc's outline: a polygon this fine looks round at any zoom the view uses
PAD = 0.12  # margin around the eigenvalues, as a fraction of their spread
LEFT_AXIS_PX = 96  # room for ticks such as 1.0015 beside the label, the same in all three plots


def disc_outline(h: float, points: int = DISC_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """The circle |1 + hλ| = 1 in the λ plane: centre −1/h, radius 1/h."""
    t = np.linspace(0.0, 2.0 * np.pi, points)
    return -1.0 / h + np.cos(t) / h, np.sin(t) / h


def plane_range(values: np.ndarray) -> tuple[tuple[float, float], tuple[float, float]]:
    """(x range, y range) showing every eigenvalue and the origin, with a margin."""
    re = np.append(values.real, 0.0)
    im = np.append(values.imag, 0.0)
    spread_x = max(re.max() - re.min(), 1e-9)
    spread_y = max(im.max() - im.min(), 0.1 * spread_x)
    return ((re.min() - PAD * spread_x, re.max() + PAD * spread_x),
            (im.min() - PAD * spread_y, im.max() + PAD * spread_y))


CAVEAT = "; the run's own steps differ: "  # core.spectrum.judge's words before what the disc leaves out


def verdict_html(reply: GameSpectrum) -> str:
    """The verdict and its numbers in two short lines, coloured as on the Dirac page (the whole sentence,
    with what the disc leaves out of the run's update rule, is the label's tooltip: see verdict_tip)."""
    colour = VERDICT_COLOURS.get(reply.verdict, palette.GREY)
    worst = max(reply.residuals) if reply.residuals else 0.0
    how = ("all, exactly" if reply.method == "exact" else
           f"{len(reply.eigenvalues)} by Arnoldi, residual ≤ {worst:.1e}")
    note = " · update differs (hover)" if CAVEAT in reply.summary else ""
    return (f"<b style='color:{colour}; font-size:{palette.css_pt(palette.TITLE_PT + 2)}'>{reply.verdict}</b> "
            f"at step {reply.step:,}: max |1 + hλ| = {reply.max_step_modulus:.6f}, largest Re λ = "
            f"{reply.max_real:.4g}<br><span style='color:{palette.GREY}'>{reply.parameters:,} parameters · "
            f"{html.escape(how)} · {reply.seconds:.1f} s{note}</span>")


def verdict_tip(reply: GameSpectrum) -> str:
    """The verdict's whole sentence, and what the disc does not account for in the run's update rule."""
    main, _, caveat = reply.summary.partition(CAVEAT)
    tip = main[0].upper() + main[1:] + "."
    if caveat:
        tip += f" The disc is that of plain simultaneous SGD steps; this run's own steps differ: {caveat}."
    return tip


class SpectrumView(DataView, QtWidgets.QWidget):
    """The plane, the two histories and the verdict; `update(reply)` draws a GameSpectrum."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.graphs = pg.GraphicsLayoutWidget()
        self.graphs.setBackground(palette.BACKGROUND)
        self.plane = self.graphs.addPlot(row=0, col=0)
        palette.style_plot(self.plane, "eigenvalues λ of the game's Jacobian")
        palette.label(self.plane, "bottom", "Re λ")
        palette.label(self.plane, "left", "Im λ")
        # filled towards the real axis from both halves of the circle: the whole disc
        self.disc = pg.PlotDataItem(pen=palette.pen("reference", palette.THIN), fillLevel=0.0,
                                    fillBrush=palette.brush(palette.GREEN, 28))
        self.disc.setZValue(-10)
        self.plane.addItem(self.disc)
        for angle in (0, 90):
            self.plane.addItem(pg.InfiniteLine(0, angle=angle, pen=palette.pen("reference", palette.THIN, "dash")))
        self.points = pg.ScatterPlotItem(size=9 * palette.scale(), pen=pg.mkPen(palette.FOREGROUND),
                                         brush=palette.brush(palette.BLUE))
        self.plane.addItem(self.points)
        self.worst = pg.ScatterPlotItem(size=18 * palette.scale(), symbol="o", brush=None,
                                        pen=palette.pen(palette.VERMILLION, palette.THIN * 1.5))
        self.plane.addItem(self.worst)
        self.modulus = self.graphs.addPlot(row=1, col=0)
        palette.style_plot(self.modulus)
        palette.label(self.modulus, "left", "max |1 + hλ|", short="|1+hλ|")
        self.modulus.addItem(pg.InfiniteLine(1.0, angle=0, pen=palette.pen("reference", palette.THIN, "dash")))
        self.modulus_line = self.modulus.plot(symbol="o", symbolSize=5, **palette.fast_line(palette.VERMILLION))
        self.real = self.graphs.addPlot(row=2, col=0)
        palette.style_plot(self.real)
        palette.label(self.real, "left", "max Re λ", short="Re λ")
        palette.label(self.real, "bottom", "step")
        self.real.addItem(pg.InfiniteLine(0.0, angle=0, pen=palette.pen("reference", palette.THIN, "dash")))
        self.real_line = self.real.plot(symbol="o", symbolSize=5, **palette.fast_line(palette.BLUE))
        self.modulus.setXLink(self.real)
        for plot in (self.plane, self.modulus, self.real):
            plot.getAxis("left").setWidth(int(LEFT_AXIS_PX * palette.scale()))
        layout = self.graphs.ci.layout
        layout.setRowStretchFactor(0, 3)
        layout.setRowStretchFactor(1, 1)
        layout.setRowStretchFactor(2, 1)
        self.verdict = QtWidgets.QLabel("<i>no spectrum yet</i>", wordWrap=True,
                                        textInteractionFlags=QtCore.Qt.TextSelectableByMouse)
        self.verdict.setFont(palette.font(palette.AXIS_PT))
        box = QtWidgets.QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.graphs, 1)
        box.addWidget(self.verdict)
        self.history: list[tuple[int, float, float]] = []  # (step, max |1 + hλ|, max Re λ) of this run
        self.shown: GameSpectrum | None = None

    def clear(self, message: str = "<i>no spectrum yet</i>") -> None:
        """A new run: forget the history and say so."""
        self.history = []
        self.shown = None
        for item in (self.points, self.worst):
            item.setData([], [])
        self.modulus_line.setData([], [])
        self.real_line.setData([], [])
        self.verdict.setText(message)

    def say(self, text: str) -> None:
        """A line in place of the verdict (why there is no spectrum)."""
        self.verdict.setText(html.escape(text))

    def draw(self, reply: GameSpectrum) -> None:
        values = np.array([complex(re, im) for re, im in reply.eigenvalues])
        h = reply.step_sizes[1]
        x, y = disc_outline(h)
        self.disc.setData(x, y)
        self.points.setData(values.real, values.imag)
        moduli = np.abs(1 + h * values)
        worst = values[int(np.argmax(moduli))] if len(values) else None
        self.worst.setData([] if worst is None else [worst.real], [] if worst is None else [worst.imag])
        (x0, x1), (y0, y1) = plane_range(values)
        self.plane.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
        self.history = [row for row in self.history if row[0] < reply.step]  # a rewind starts the tail again
        self.history.append((reply.step, reply.max_step_modulus, reply.max_real))
        steps, mods, reals = (np.array(col, dtype=float) for col in zip(*self.history, strict=True))
        self.modulus_line.setData(steps, mods)
        self.real_line.setData(steps, reals)
        self.verdict.setText(verdict_html(reply))
        self.verdict.setToolTip(verdict_tip(reply))
        self.shown = reply
