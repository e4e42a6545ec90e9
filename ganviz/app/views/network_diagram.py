"""One player drawn as a network: a column of nodes per layer, each node a small picture of what it
computes over the player's input, and the strongest weights between the columns as lines.

Columns, left to right: the input coordinates the grid varies (x, y for D; z₁, z₂ for G), each hidden
layer's units shown (core.neuron_maps chose them), the outputs (D(x); G's coordinates). Over a plane a
node is an image; over a line, a curve in a box. One colour rule holds on the whole page, that of D's field
in the main views: yellow-brown is positive (or D near 1), blue negative (or D near 0), white 0 (D = ½).
Edges take the two ends' colours by their weight's sign, in three widths by magnitude.

Every item is made once and reused (pools grow to the largest network seen); a frame only sets data.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtCore

from ganviz.app.views import palette
from ganviz.core.neuron_maps import NetworkMaps, strongest_edges

BOX = 1.0  # a node's side, in the diagram's own units
COLUMN_STEP = 2.6  # from one column's left edge to the next: a box, room for the edges and for a label
ROW_STEP = 1.2  # from one node's top to the next one's
EDGES_PER_NODE = 3  # incoming weights drawn into each node: the strongest
WIDTH_CLASSES = (0.33, 0.66)  # |w| / the largest drawn |w|: above the first a middle line, above the second a thick one
EDGE_PX = (1, 2.5, 4.5)
LABEL_ROOM = 1.7  # above the tallest column, for its two-line name
SIDE_ROOM = 0.6  # left and right of the outer columns, for names wider than a box ("latent")


def sign_colour(sign: int, alpha: int = 255):
    """The colour map's end for this sign: what a positive (negative) value is painted with."""
    colour = palette.colormap_d().map(1.0 if sign > 0 else 0.0, mode="qcolor")
    colour.setAlpha(alpha)
    return colour


def sigmoid(a: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * a))  # no overflow warning for large logits


def input_names(player: str, count: int) -> list[str]:
    """The names of the input nodes: D reads x (and y), G reads z (its first two coordinates)."""
    if player == "D":
        return ["x", "y"][:count]
    return ["z"] if count == 1 else ["z₁", "z₂"]


@dataclass(frozen=True)
class Node:
    """What one node of the diagram shows, and what its large view shows about it."""

    player: str
    column: int
    position: int  # in its column as drawn
    name: str  # "x", "layer 1 · unit 17", "D(x)", "G(z)₂"
    values: np.ndarray  # over the grid: (len(ys), len(xs)) or (len(xs),)
    levels: tuple[float, float]  # the colour scale (images) or the box's height (curves)
    weights: np.ndarray | None  # incoming weights (hidden units and outputs), else None
    bias: float | None
    sources: list[str] | None  # the name of each incoming weight's source


def symmetric(values: np.ndarray) -> tuple[float, float]:
    """A colour scale centred on 0 that reaches the largest magnitude (white = 0, as in D's field)."""
    top = float(np.max(np.abs(values))) if values.size else 0.0
    top = top if np.isfinite(top) and top > 0 else 1.0
    return -top, top


def columns(maps: NetworkMaps) -> list[list[Node]]:
    """Every node of the player, by column."""
    player, ins = maps.player, maps.inputs_drawn()
    names = input_names(player, ins)
    if maps.plane:
        gx, gy = np.meshgrid(maps.xs, maps.ys)
        ramps = [gx, gy]
    else:
        ramps = [maps.xs]
    cols = [[Node(player, 0, i, names[i], ramps[i], symmetric(ramps[i]), None, None, None) for i in range(ins)]]
    previous = names + [f"input {i + 1}" for i in range(ins, maps.input_width)]
    for number, layer in enumerate(maps.layers, start=1):
        col = []
        for pos, unit in enumerate(layer.index):
            values = layer.activations[pos]
            col.append(Node(player, number, pos, f"layer {number} · unit {unit}", values, symmetric(values),
                            layer.weights[pos], float(layer.bias[pos]), previous))
        cols.append(col)
        previous = [f"layer {number} · unit {u}" for u in range(layer.size)]
    out = []
    for o in range(len(maps.output)):
        if player == "D":
            out.append(Node(player, len(cols), o, "D(x)", sigmoid(maps.output[o]), (0.0, 1.0),
                            maps.output_weights[o], float(maps.output_bias[o]), previous))
        else:
            name = "G(z)" if len(maps.output) == 1 else f"G(z){'₁₂'[o]}"
            out.append(Node(player, len(cols), o, name, maps.output[o], symmetric(maps.output[o]),
                            maps.output_weights[o], float(maps.output_bias[o]), previous))
    cols.append(out)
    return cols


def node_rect(column: int, position: int, count: int) -> QtCore.QRectF:
    """Where a node sits: its column's x; the column centred on y = 0, first node at the top."""
    top = (count - 1) / 2 * ROW_STEP
    return QtCore.QRectF(column * COLUMN_STEP, top - position * ROW_STEP, BOX, BOX)


def curve_in_box(values: np.ndarray, levels: tuple[float, float], rect: QtCore.QRectF) -> tuple[np.ndarray, np.ndarray]:
    """A curve over a line drawn inside its box: x across the box, levels[0]..levels[1] up it."""
    lo, hi = levels
    x = rect.left() + np.linspace(0.0, rect.width(), len(values))
    y = rect.top() + (np.clip(values, lo, hi) - lo) / (hi - lo) * rect.height()
    return x, y


def outline(rects) -> tuple[np.ndarray, np.ndarray]:
    """The four sides of each rectangle as pairs of points (for a curve item drawn with connect="pairs")."""
    xs, ys = [], []
    for r in rects:
        x0, x1, y0, y1 = r.left(), r.right(), r.top(), r.bottom()
        xs += [x0, x1, x1, x1, x1, x0, x0, x0]
        ys += [y0, y0, y0, y1, y1, y1, y1, y0]
    return np.array(xs, float), np.array(ys, float)


class NetworkDiagram:
    """A player's diagram drawn into a ViewBox; `node_at` finds the node under a point of it."""

    def __init__(self, box: pg.ViewBox):
        self.box = box
        self.cmap = palette.colormap_d()
        self.images: list[pg.ImageItem] = []
        self.curves: list[pg.PlotCurveItem] = []
        self.frames = pg.PlotCurveItem(pen=pg.mkPen(palette.GREY, width=1), connect="pairs")
        self.selected = pg.PlotCurveItem(pen=pg.mkPen(palette.VERMILLION, width=3), connect="pairs")
        self.edges = {(sign, k): pg.PlotCurveItem(pen=pg.mkPen(sign_colour(sign, 200), width=px),
                                                  connect="pairs")
                      for sign in (1, -1) for k, px in enumerate(EDGE_PX)}
        for item in (*self.edges.values(), self.frames, self.selected):
            box.addItem(item)
        self.labels: list[pg.TextItem] = []
        self.nodes: list[list[Node]] = []
        self.shape = None  # the diagram's layout (columns' lengths, plane or line): reframed when it changes

    # ----- drawing ----------------------------------------------------------------------------
    def draw(self, maps: NetworkMaps) -> None:
        self.nodes = columns(maps)
        rects = [[node_rect(c, p, len(col)) for p in range(len(col))] for c, col in enumerate(self.nodes)]
        flat = [(node, rects[node.column][node.position]) for col in self.nodes for node in col]
        if maps.plane:
            self._draw_images(flat)
        else:
            self._draw_curves(flat)
        self._draw_frames([r for _, r in flat])
        self._draw_edges(maps, rects)
        self._draw_labels(maps)
        shape = (tuple(len(c) for c in self.nodes), maps.plane)
        if shape != self.shape:
            self.shape = shape
            tallest = max(len(c) for c in self.nodes)
            top = node_rect(0, 0, tallest).bottom() + LABEL_ROOM
            bottom = node_rect(0, tallest - 1, tallest).top()
            width = (len(self.nodes) - 1) * COLUMN_STEP + BOX
            self.box.setRange(QtCore.QRectF(-SIDE_ROOM, bottom, width + 2 * SIDE_ROOM, top - bottom), padding=0.02)

    def _new_image(self) -> pg.ImageItem:
        item = pg.ImageItem(axisOrder="row-major")
        item.setLookupTable(self.cmap.getLookupTable(nPts=256))
        return item

    @staticmethod
    def _set_image(item: pg.ImageItem, node: Node, rect: QtCore.QRectF) -> None:
        item.setImage(node.values, levels=node.levels, autoLevels=False)
        item.setRect(rect)

    def _draw_images(self, flat) -> None:
        self._place(self.images, self._new_image, flat, self._set_image, self.curves)

    def _draw_curves(self, flat) -> None:
        self._place(self.curves, lambda: pg.PlotCurveItem(pen=pg.mkPen(palette.FOREGROUND, width=1.5)), flat,
                    lambda item, node, rect: item.setData(*curve_in_box(node.values, node.levels, rect)), self.images)

    def _place(self, pool: list, make, flat, draw_one, other: list) -> None:
        """Draw each (node, rect) of `flat` with an item of `pool` (made as needed, kept for later frames);
        hide the rest of the pool and every item of the other kind."""
        while len(pool) < len(flat):
            pool.append(make())
            self.box.addItem(pool[-1])
        for i, item in enumerate(pool):
            if i < len(flat):
                draw_one(item, *flat[i])
            item.setVisible(i < len(flat))
        for item in other:
            item.setVisible(False)

    def _draw_frames(self, rects) -> None:
        self.frames.setData(*outline(rects))

    def _draw_edges(self, maps: NetworkMaps, rects) -> None:
        edges = strongest_edges(maps, EDGES_PER_NODE)
        top = max((abs(e.weight) for e in edges), default=1.0) or 1.0
        lines = {key: ([], []) for key in self.edges}
        for e in edges:
            a, b = rects[e.column - 1][e.source], rects[e.column][e.target]
            strength = abs(e.weight) / top
            width = sum(strength > t for t in WIDTH_CLASSES)
            xs, ys = lines[(1 if e.weight >= 0 else -1, width)]
            xs += [a.right(), b.left()]
            ys += [a.center().y(), b.center().y()]
        for key, (xs, ys) in lines.items():
            self.edges[key].setData(np.array(xs, float), np.array(ys, float))

    def _draw_labels(self, maps: NetworkMaps) -> None:
        """Each column's name above it: the inputs, "layer k" over "m/n" (m of its n units drawn), the outputs."""
        names = ["input" if maps.player == "D" else "latent"]
        names += [f"layer {k}\n{len(layer.index)}/{layer.size}" for k, layer in enumerate(maps.layers, start=1)]
        names += ["D(x)" if maps.player == "D" else "G(z)"]
        while len(self.labels) < len(names):
            label = pg.TextItem(color=palette.FOREGROUND, anchor=(0.5, 1.0))
            label.setFont(palette.font(palette.TICK_PT - 1))
            self.box.addItem(label)
            self.labels.append(label)
        for c, (label, text) in enumerate(zip(self.labels[:len(names)], names, strict=True)):
            top = node_rect(c, 0, len(self.nodes[c]))
            label.setText(text)
            label.setPos(top.center().x(), top.bottom() + 0.1)
            label.setVisible(True)
        for label in self.labels[len(names):]:
            label.setVisible(False)

    # ----- picking ----------------------------------------------------------------------------
    def node_at(self, point: QtCore.QPointF) -> Node | None:
        """The node whose box holds `point` (in the diagram's coordinates), or None."""
        for col in self.nodes:
            for node in col:
                if node_rect(node.column, node.position, len(col)).contains(point):
                    return node
        return None

    def mark(self, node: Node | None) -> None:
        """Outline the node whose large view is shown (None: no outline here)."""
        if node is None:
            self.selected.setData([], [])
            return
        self.selected.setData(*outline([node_rect(node.column, node.position, len(self.nodes[node.column]))]))
