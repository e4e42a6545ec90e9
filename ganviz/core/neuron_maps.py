"""Hidden units as pictures, as plain numpy data: what the window draws of "Inside the networks".

core/neurons.py fills these from a player (it needs torch); this module holds the data and the choices
made on it (which units a diagram shows, which edges it draws) and imports no torch, so the window
process can unpickle and draw them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np


@dataclass(frozen=True)
class LayerMaps:
    """One hidden layer: each unit's activation over the grid and its incoming weights.

    A diagram sends only the units it shows: `units` numbers them in the layer (None: all of them, in order).
    """

    activations: np.ndarray  # (units, len(ys), len(xs)) over a plane, (units, len(xs)) over a line
    weights: np.ndarray  # (units, fan_in): rows of the layer's weight matrix
    bias: np.ndarray  # (units,)
    units: np.ndarray | None = None  # which units of the layer these rows are
    width: int = 0  # how many units the layer has (0: as many as there are rows)

    @property
    def index(self) -> np.ndarray:
        """The layer's number of each row."""
        return np.arange(len(self.bias)) if self.units is None else self.units

    @property
    def size(self) -> int:
        """The units in the whole layer, shown or not."""
        return self.width or len(self.bias)


@dataclass(frozen=True)
class NetworkMaps:
    """A player's hidden units over its input grid, its output there, and its output layer's weights."""

    player: str  # "G" or "D"
    xs: np.ndarray  # the grid along the first input coordinate
    ys: np.ndarray | None  # along the second (None: a line)
    layers: list[LayerMaps]
    output: np.ndarray  # (outputs, *grid shape): G's coordinates, or D's logit
    output_weights: np.ndarray  # (outputs, last hidden width)
    output_bias: np.ndarray  # (outputs,)
    input_width: int = 1  # the player's input size (a latent may be wider than the two coordinates drawn)

    @property
    def plane(self) -> bool:
        return self.ys is not None

    def inputs_drawn(self) -> int:
        """How many of the input coordinates the grid varies (and a diagram draws as nodes)."""
        return 1 if self.ys is None else 2


def grid_points(xs: np.ndarray, ys: np.ndarray | None, width: int, others: float = 0.0) -> np.ndarray:
    """The grid as rows of a `width`-wide input: x (and y) in the first coordinates, `others` elsewhere;
    rows run along x fastest (so a reshape to (len(ys), len(xs)) is an image with y down the rows)."""
    if ys is None:
        pts = np.full((len(xs), width), others, dtype=float)
        pts[:, 0] = xs
        return pts
    gx, gy = np.meshgrid(xs, ys)
    pts = np.full((gx.size, width), others, dtype=float)
    pts[:, 0], pts[:, 1] = gx.ravel(), gy.ravel()
    return pts


def outgoing(maps: NetworkMaps, layer: int) -> np.ndarray:
    """The weights leaving each unit of hidden layer `layer`: (next width, units) (full maps only)."""
    return maps.layers[layer + 1].weights if layer + 1 < len(maps.layers) else maps.output_weights


def importance(maps: NetworkMaps) -> list[np.ndarray]:
    """Per hidden layer, how much each unit moves the next layer across the grid drawn: the spread of its
    activation over the grid (standard deviation) times the length of its outgoing weight vector. A unit
    that is flat over the grid, or whose output nothing reads, scores 0."""
    scores = []
    for i, layer in enumerate(maps.layers):
        spread = layer.activations.reshape(len(layer.activations), -1).std(axis=1)
        scores.append(spread * np.linalg.norm(outgoing(maps, i), axis=0))
    return scores


def strongest_units(maps: NetworkMaps, k: int) -> list[np.ndarray]:
    """Per hidden layer, the numbers of its `k` most important units (all when it has no more), in
    their layer's order; ties go to the lower number."""
    chosen = []
    for score in importance(maps):
        top = np.argsort(-score, kind="stable")[:k]
        chosen.append(np.sort(top))
    return chosen


def keep_units(maps: NetworkMaps, chosen: list[np.ndarray]) -> NetworkMaps:
    """The maps with only the chosen units of each layer (what crosses the pipe: a 128-unit layer's
    pictures would be 100 times what a diagram of 8 units draws)."""
    layers = [replace(layer, activations=layer.activations[idx].astype(np.float32), weights=layer.weights[idx],
                      bias=layer.bias[idx], units=np.asarray(idx), width=len(layer.bias))
              for layer, idx in zip(maps.layers, chosen, strict=True)]
    return replace(maps, layers=layers, output=maps.output.astype(np.float32))


@dataclass(frozen=True)
class Edge:
    """A weight drawn in the diagram: from node `source` of column `column` − 1 to node `target` of column
    `column` (positions in the columns as drawn: inputs, then each hidden layer's units shown, then outputs)."""

    column: int
    source: int
    target: int
    weight: float


def column_weights(maps: NetworkMaps, column: int) -> np.ndarray:
    """The weights between the nodes drawn in column `column` − 1 (columns) and `column` (rows)."""
    layers = maps.layers
    if column <= len(layers):
        rows = layers[column - 1].weights  # already only the rows of the units shown
    else:
        rows = maps.output_weights
    if column == 1:
        return rows[:, :maps.inputs_drawn()]
    return rows[:, layers[column - 2].index]


def strongest_edges(maps: NetworkMaps, per_node: int) -> list[Edge]:
    """Into every node drawn, the `per_node` incoming weights of largest magnitude among the nodes drawn
    in the column before (a 128-wide layer would otherwise be a grey wall of lines)."""
    edges = []
    for column in range(1, len(maps.layers) + 2):
        w = column_weights(maps, column)
        for target, row in enumerate(w):
            for source in np.argsort(-np.abs(row), kind="stable")[:per_node]:
                edges.append(Edge(column, int(source), target, float(row[source])))
    return edges
