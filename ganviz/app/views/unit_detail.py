"""One node of a network diagram, large: its picture over the player's input with axes, and the weights
that feed it as bars (coloured by sign as the diagram's edges), with its bias.

Over a line, D's nodes are drawn beside D(x): the chosen node in black, D(x) in blue on the same
0..1 scale, and (D(x) chosen) the units of D's last hidden layer shown in the diagram as thin curves,
each scaled to its own largest value, so one sees which bumps of which unit make D's curve.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtWidgets

from ganviz.app.views import palette
from ganviz.app.views.grid_image import grid_rect
from ganviz.app.views.network_diagram import Node, sigmoid, sign_colour

AXES = {"D": ("x", "y"), "G": ("z₁", "z₂")}


def swatch(colour: str) -> str:
    """A short thick line of `colour`, for a key written in a label."""
    return f"<span style='color:{colour}'><b>━━</b></span>"


def scaled_to_top(values: np.ndarray) -> np.ndarray:
    """A curve divided by its largest magnitude (0 stays 0), for drawing units of any size on 0..1."""
    top = float(np.max(np.abs(values))) if values.size else 0.0
    return values / top if top > 0 else values


class UnitDetail(QtWidgets.QWidget):
    """The large picture and the incoming-weight bars of the node last shown."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.picture = pg.PlotWidget(background=palette.BACKGROUND)
        self.plot = self.picture.getPlotItem()
        palette.style_plot(self.plot)
        self.plot.setMenuEnabled(False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(palette.colormap_d().getLookupTable(nPts=256))
        self.plot.addItem(self.image)
        self.colorbar = pg.ColorBarItem(values=(0.0, 1.0), colorMap=palette.colormap_d(), interactive=False,
                                        width=12)
        self.colorbar.setImageItem(self.image, insert_in=self.plot)
        self.curve = self.plot.plot(**palette.fast_line("true", palette.LINE))
        self.d_curve = self.plot.plot(**palette.fast_line("d", palette.LINE))
        self.units: list[pg.PlotDataItem] = []  # D's last hidden layer beside D(x), over a line
        self.bars_widget = pg.PlotWidget(background=palette.BACKGROUND)
        self.bars_plot = self.bars_widget.getPlotItem()
        palette.style_plot(self.bars_plot)
        self.bars_plot.setMenuEnabled(False)
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.8)
        self.bars_plot.addItem(self.bars)
        self.bars_plot.addLine(y=0, pen=pg.mkPen(palette.GREY))
        self.title = QtWidgets.QLabel(wordWrap=True)
        self.title.setFont(palette.font(palette.TICK_PT))
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.picture, 3)
        layout.addWidget(self.bars_widget, 2)
        self.node: Node | None = None
        self.key = ""  # what the lines over a line are, under the title

    def show_node(self, node: Node, xs: np.ndarray, ys: np.ndarray | None, beside: list[Node] | None = None,
                  d_of_x: np.ndarray | None = None) -> None:
        """Draw `node` over the grid (xs, ys). Over a line, `d_of_x` (D(x) on xs) is drawn beside a node of
        D, and `beside` (D's last layer) with D(x) itself."""
        self.node = node
        plane = ys is not None
        self.image.setVisible(plane)
        self.colorbar.setVisible(plane)
        if plane:
            self._draw_image(node, xs, ys)
        else:
            self._draw_line(node, xs, beside or [], d_of_x)
        self._draw_bars(node)
        self.title.setText(self._title(node) + (f"<br>{self.key}" if self.key and not plane else ""))

    def _draw_image(self, node: Node, xs: np.ndarray, ys: np.ndarray) -> None:
        self.curve.setData([], [])
        self.d_curve.setData([], [])
        for item in self.units:
            item.setData([], [])
        self.image.setImage(node.values, levels=node.levels, autoLevels=False)
        self.image.setRect(grid_rect(xs, ys))
        self.colorbar.setLevels(node.levels)
        a, b = AXES[node.player]
        self.plot.setLabel("bottom", a)
        self.plot.setLabel("left", b)
        self.plot.setAspectLocked(True)
        self.plot.autoRange(padding=0.0)

    def _draw_line(self, node: Node, xs: np.ndarray, beside: list[Node], d_of_x: np.ndarray | None) -> None:
        self.plot.setAspectLocked(False)
        self.image.clear()
        output = node.name == "D(x)"
        while len(self.units) < len(beside):
            self.units.append(self.plot.plot(**palette.fast_line(palette.GREY, 1)))
        for item, unit in zip(self.units, beside if output else []):
            item.setData(xs, scaled_to_top(unit.values))
        for item in self.units[len(beside) if output else 0:]:
            item.setData([], [])
        if node.player == "D" and d_of_x is not None:
            self.d_curve.setData(xs, d_of_x)
            if output:
                self.curve.setData([], [])
                self.key = (f"{swatch(palette.BLUE)} D(x) · {swatch(palette.GREY)} the units of D's last layer "
                            "drawn in the diagram, each ÷ its largest |value|")
            else:
                self.curve.setData(xs, scaled_to_top(node.values))
                self.key = f"{swatch(palette.FOREGROUND)} this unit ÷ its largest |value| · {swatch(palette.BLUE)} D(x)"
            self.plot.setLabel("left", "D(x), scaled units")
        else:
            self.d_curve.setData([], [])
            self.curve.setData(xs, node.values)
            self.key = ""
            self.plot.setLabel("left", node.name)
        self.plot.setLabel("bottom", "x" if node.player == "D" else "z")
        self.plot.enableAutoRange()

    def _draw_bars(self, node: Node) -> None:
        if node.weights is None:
            self.bars.setOpts(x=[], height=[], brushes=[])
            self.bars_plot.setLabel("bottom", "an input coordinate: nothing feeds it")
            return
        w = np.asarray(node.weights, float)
        brushes = [pg.mkBrush(sign_colour(1 if v >= 0 else -1)) for v in w]
        self.bars.setOpts(x=np.arange(len(w)), height=w, width=0.8, brushes=brushes, pens=[pg.mkPen(None)] * len(w))
        source = node.sources[0].rsplit(" · ", 1)[0] if node.sources and " · " in node.sources[0] else "input"
        self.bars_plot.setLabel("bottom", f"weight from each {'unit of ' + source if source != 'input' else 'input'}")
        self.bars_plot.enableAutoRange()

    @staticmethod
    def _title(node: Node) -> str:
        if node.weights is None:
            return f"<b>{node.player}: {node.name}</b> — an input coordinate (the grid's {node.name})"
        big = np.argsort(-np.abs(node.weights))[:3]
        strongest = ", ".join(f"{node.sources[i]} ({node.weights[i]:+.2f})" for i in big)
        return (f"<b>{node.player}: {node.name}</b> — bias {node.bias:+.3f}; {len(node.weights)} weights in, "
                f"strongest from {strongest}")


def d_curve(maps) -> np.ndarray | None:
    """D(x) over the line of D's maps (its output is the logit)."""
    return None if maps is None or maps.plane else sigmoid(maps.output[0])

