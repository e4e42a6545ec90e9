"""Inside the networks: G's and D's diagrams side by side, and the node last clicked, large.

Fed by frames that carry the players' pictures (Frame.neurons, asked for with ("neurons", units));
frames without them leave the view as it is. Every number drawn comes from core.neurons.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtCore, QtWidgets

from ganviz.app.views import palette
from ganviz.app.views._base import DataView
from ganviz.app.views.network_diagram import NetworkDiagram, Node
from ganviz.app.views.unit_detail import UnitDetail, d_curve

TITLES = {"G": "G: latent z → data", "D": "D: data x → D(x), the probability that x is real"}
PLAYERS = ("G", "D")


class NetworksView(DataView, QtWidgets.QWidget):
    """The two diagrams and the detail of one node; `draw(frame)` takes a frame with pictures."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.setBackground(palette.BACKGROUND)
        self.boxes, self.diagrams, self.titles = {}, {}, {}
        for column, player in enumerate(PLAYERS):
            title = self.canvas.addLabel(TITLES[player], row=0, col=column, color=palette.FOREGROUND,
                                         size=palette.css_pt(palette.TICK_PT))
            box = self.canvas.addViewBox(row=1, col=column, enableMenu=False)
            box.setAspectLocked(True)
            box.setMouseEnabled(x=False, y=False)  # a click picks a node; the diagram fits its box
            self.titles[player], self.boxes[player] = title, box
            self.diagrams[player] = NetworkDiagram(box)
        self.canvas.scene().sigMouseClicked.connect(self._clicked)
        self.detail = UnitDetail()
        self.note = QtWidgets.QLabel(wordWrap=True)
        self.note.setStyleSheet(f"color: {palette.GREY}")
        left = QtWidgets.QWidget()
        box = QtWidgets.QVBoxLayout(left)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.canvas, 1)
        box.addWidget(self.note)
        split = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.maps: dict = {}
        self.step = None
        self.chosen: tuple[str, str] | None = None  # (player, node name) of the large view, kept across frames

    # ----- data -------------------------------------------------------------------------------
    def draw(self, frame) -> None:
        if frame.neurons is None:
            return
        self.maps, self.step = frame.neurons, frame.step
        for player in PLAYERS:
            shown = player in self.maps
            self.boxes[player].setVisible(shown)
            if shown:
                self.diagrams[player].draw(self.maps[player])
                self.titles[player].setText(TITLES[player])
            else:
                self.titles[player].setText(f"{player}: not drawn")
        notes = [f"{p}: {why}" for p, why in frame.neurons_missing.items()]
        notes.append(f"step {frame.step:,} · each layer's units that move the next layer most over the grid "
                     "(spread × outgoing weights) · the 3 strongest weights into each node · click a node")
        self.note.setText("\n".join(notes))
        self._show_chosen()

    def say(self, text: str) -> None:
        """Nothing to draw (the Dirac-GAN): say why."""
        self.maps = {}
        for player in PLAYERS:
            self.boxes[player].setVisible(False)
            self.titles[player].setText("")
        self.note.setText(text)

    # ----- the large view ---------------------------------------------------------------------
    def _clicked(self, event) -> None:
        pos = event.scenePos()
        for player, box in self.boxes.items():
            if player in self.maps and box.sceneBoundingRect().contains(pos):
                node = self.diagrams[player].node_at(box.mapSceneToView(pos))
                if node is not None:
                    self.choose(node)
                return

    def choose(self, node: Node) -> None:
        """Show `node` large (as a click on it does)."""
        self.chosen = (node.player, node.name)
        self._show_chosen()

    def _default(self) -> tuple[str, str] | None:
        """D(x) when D is drawn, else G's first output."""
        if "D" in self.maps:
            return ("D", "D(x)")
        if "G" in self.maps:
            return ("G", self.diagrams["G"].nodes[-1][0].name)
        return None

    def _find(self, chosen) -> Node | None:
        player, name = chosen
        if player not in self.maps:
            return None
        for col in self.diagrams[player].nodes:
            for node in col:
                if node.name == name:
                    return node
        return None  # a unit no longer among the most important: the default instead

    def _show_chosen(self) -> None:
        node = self._find(self.chosen) if self.chosen else None
        if node is None:
            default = self._default()
            node = self._find(default) if default else None
        if node is None:
            return
        for player in PLAYERS:
            self.diagrams[player].mark(node if player == node.player else None)
        maps = self.maps[node.player]
        d_maps = self.maps.get("D")
        last = self.diagrams["D"].nodes[-2] if d_maps is not None else []
        self.detail.show_node(node, maps.xs, maps.ys, beside=last if node.player == "D" else None,
                              d_of_x=d_curve(d_maps) if node.player == "D" else None)

    def shown_units(self, player: str) -> list[np.ndarray]:
        """The pictures drawn for each node of `player`, by column (for tests and the README's figures)."""
        return [[node.values for node in col] for col in self.diagrams[player].nodes]
