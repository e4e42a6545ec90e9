"""One node of a network diagram, large: its picture over the player's input with axes, and beside it
the weights that feed it as bars (coloured by sign as the diagram's edges), with its bias.

The page hides the main views, so D's large picture carries what they showed: over the plane, G's
samples on D(x); over a line, the true and generated densities, each ÷ the larger peak. There D's
nodes are drawn beside D(x) (blue): a unit ÷ its largest |value| in black, or (D(x) chosen) the units
of D's last hidden layer drawn in the diagram as grey curves, each ÷ its largest |value|, so one sees
which bends of which unit make D's curve.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtWidgets

from ganviz.app.views import palette
from ganviz.app.views._base import styled_plot
from ganviz.app.views.grid_image import grid_rect
from ganviz.app.views.network_diagram import Node, sign_colour

AXES = {"D": ("x", "y"), "G": ("z₁", "z₂")}
MAX_SAMPLES = 500  # G's samples drawn on D(x): enough to see where they sit, few enough to see D under them


def swatch(colour: str) -> str:
    """A short thick line of `colour`, for a key written in a label."""
    return f"<span style='color:{colour}'><b>━━</b></span>"


def scaled_to_top(values: np.ndarray) -> np.ndarray:
    """A curve divided by its largest magnitude (0 stays 0), for drawing units of any size on one scale."""
    top = float(np.max(np.abs(values))) if values.size else 0.0
    return values / top if top > 0 else values


class UnitDetail(QtWidgets.QWidget):
    """The large picture and the incoming-weight bars of the node last shown."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.picture, self.plot = styled_plot()
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(palette.colormap_d().getLookupTable(nPts=256))
        self.plot.addItem(self.image)
        self.colorbar = pg.ColorBarItem(values=(0.0, 1.0), colorMap=palette.colormap_d(), interactive=False,
                                        width=12)
        self.colorbar.setImageItem(self.image, insert_in=self.plot)
        self.samples = pg.ScatterPlotItem(size=4 * palette.scale(), pen=None, brush=palette.brush("samples", 160))
        self.plot.addItem(self.samples)
        self.p_true = self.plot.plot(**palette.fast_line("true", 1))
        self.p_gen = self.plot.plot(**palette.fast_line("generated", 1))
        self.curve = self.plot.plot(**palette.fast_line(palette.FOREGROUND, palette.LINE))
        self.d_curve = self.plot.plot(**palette.fast_line("d", palette.LINE))
        self.units: list[pg.PlotDataItem] = []  # D's last hidden layer beside D(x), over a line
        self.bars_widget, self.bars_plot = styled_plot()
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.8)
        self.bars_plot.addItem(self.bars)
        self.bars_plot.addLine(y=0, pen=pg.mkPen(palette.GREY))
        self.title = QtWidgets.QLabel(wordWrap=True)
        self.title.setFont(palette.font(palette.TICK_PT))
        plots = QtWidgets.QHBoxLayout()
        plots.addWidget(self.picture, 3)
        plots.addWidget(self.bars_widget, 2)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(plots, 1)
        self.node: Node | None = None
        self.key = ""  # what the lines over a line are, under the title

    def show_node(self, node: Node, xs: np.ndarray, ys: np.ndarray | None, beside: list[Node] | None = None,
                  d_of_x: np.ndarray | None = None, snapshot=None) -> None:
        """Draw `node` over the grid (xs, ys). Nodes of D are drawn with the run's state from `snapshot`
        (G's samples over a plane; the densities over a line) and, over a line, beside `d_of_x` (D(x) on xs);
        D(x) itself beside `beside` (D's last layer)."""
        self.node = node
        plane = ys is not None
        self.image.setVisible(plane)
        self.colorbar.setVisible(plane)
        if plane:
            self._draw_image(node, xs, ys, snapshot if node.player == "D" else None)
        else:
            self._draw_line(node, xs, beside or [], d_of_x, snapshot if node.player == "D" else None)
        self._draw_bars(node)
        self.title.setText(self._title(node) + (f"<br>{self.key}" if self.key else ""))

    def _draw_image(self, node: Node, xs: np.ndarray, ys: np.ndarray, snapshot) -> None:
        for item in (self.curve, self.d_curve, self.p_true, self.p_gen, *self.units):
            item.setData([], [])
        self.image.setImage(node.values, levels=node.levels, autoLevels=False)
        self.image.setRect(grid_rect(xs, ys))
        self.colorbar.setLevels(node.levels)
        samples = None if snapshot is None else snapshot.samples
        if samples is not None and len(samples):
            shown = samples[:MAX_SAMPLES]
            self.samples.setData(x=shown[:, 0], y=shown[:, 1])
            self.key = f"<span style='color:{palette.ROLE['samples']}'>●</span> samples of G"
        else:
            self.samples.setData([], [])
            self.key = ""
        a, b = AXES[node.player]
        self.plot.setLabel("bottom", a)
        self.plot.setLabel("left", b)
        self.plot.setAspectLocked(True)
        self.plot.setRange(xRange=(xs[0], xs[-1]), yRange=(ys[0], ys[-1]), padding=0.0)

    def _draw_line(self, node: Node, xs: np.ndarray, beside: list[Node], d_of_x: np.ndarray | None,
                   snapshot) -> None:
        self.plot.setAspectLocked(False)
        self.image.clear()
        self.samples.setData([], [])
        output = node.name == "D(x)"
        while len(self.units) < len(beside):
            self.units.append(self.plot.plot(**palette.fast_line(palette.GREY, 1)))
        drawn = beside if output else []
        for i, item in enumerate(self.units):
            if i < len(drawn):
                item.setData(xs, scaled_to_top(drawn[i].values))
            else:
                item.setData([], [])
        keys = []
        if node.player == "D" and d_of_x is not None:
            self.d_curve.setData(xs, d_of_x)
            if output:
                self.curve.setData([], [])
                keys.append(f"{swatch(palette.BLUE)} D(x) · {swatch(palette.GREY)} the last layer's units drawn, "
                            "each ÷ its largest |value|")
            else:
                self.curve.setData(xs, scaled_to_top(node.values))
                keys.append(f"{swatch(palette.FOREGROUND)} this unit ÷ its largest |value| · "
                            f"{swatch(palette.BLUE)} D(x)")
            self.plot.setLabel("left", "D(x), scaled")
        else:
            self.d_curve.setData([], [])
            self.curve.setData(xs, node.values)
            self.plot.setLabel("left", node.name)
        if snapshot is not None and snapshot.p_true is not None and snapshot.p_gen is not None:
            peak = max(float(np.max(snapshot.p_true)), float(np.max(snapshot.p_gen)), 1e-12)
            self.p_true.setData(snapshot.grid, snapshot.p_true / peak)
            self.p_gen.setData(snapshot.grid, snapshot.p_gen / peak)
            keys.append(f"{swatch(palette.ROLE['true'])} p_t and {swatch(palette.ROLE['generated'])} p_g "
                        "÷ the larger peak")
        else:
            self.p_true.setData([], [])
            self.p_gen.setData([], [])
        self.key = " · ".join(keys)
        self.plot.setLabel("bottom", "x" if node.player == "D" else "z")
        self.plot.enableAutoRange()

    def _draw_bars(self, node: Node) -> None:
        if node.weights is None:
            self.bars.setOpts(x=[], height=[], brushes=[])
            self.bars_plot.setLabel("bottom", "(an input: nothing feeds it)")
            return
        w = np.asarray(node.weights, float)
        brushes = [pg.mkBrush(sign_colour(1 if v >= 0 else -1)) for v in w]
        self.bars.setOpts(x=np.arange(len(w)), height=w, width=0.8, brushes=brushes, pens=[pg.mkPen(None)] * len(w))
        first = node.sources[0] if node.sources else ""
        self.bars_plot.setLabel("bottom", "from unit" if " · " in first else "from input")
        self.bars_plot.enableAutoRange()

    @staticmethod
    def _title(node: Node) -> str:
        if node.weights is None:
            return f"<b>{node.player}: {node.name}</b>, an input coordinate"
        big = np.argsort(-np.abs(node.weights))[:3]
        first = node.sources[0] if node.sources else ""
        source = first.rsplit(" · ", 1)[0] if " · " in first else "the input"
        strongest = ", ".join(f"{node.sources[i].rsplit(' · ', 1)[-1]} ({node.weights[i]:+.2f})" for i in big)
        return (f"<b>{node.player}: {node.name}</b> · bias {node.bias:+.3f} · {len(node.weights)} weights in from "
                f"{source}, the strongest from {strongest}")
