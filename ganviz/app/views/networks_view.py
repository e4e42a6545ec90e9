"""Inside the networks: G's and D's diagrams side by side, and under them the node last clicked, large.

Fed by frames that carry the players' pictures (Frame.neurons, asked for with ("neurons", units));
frames without them leave the view as it is. Every number drawn comes from core.neurons.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtCore, QtWidgets

from ganviz.app.views import palette
from ganviz.app.views._base import DataView, picture_box
from ganviz.app.views.network_diagram import NetworkDiagram, Node, sigmoid
from ganviz.app.views.unit_detail import UnitDetail

TITLES = {"G": "G: latent z → data", "D": "D: data x → D(x), P(real)"}
# A diagram of two hidden layers of 8 is about this wide for its height (network_diagram's units): the
# two go side by side or one above the other, whichever draws them larger in the room they have.
DIAGRAM_ASPECT = 0.85
PLAYERS = ("G", "D")


class NetworksView(DataView, QtWidgets.QWidget):
    """The two diagrams and the detail of one node; `draw(frame)` takes a frame with pictures."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.canvases, self.boxes, self.diagrams, self.titles = {}, {}, {}, {}
        self.pair = QtWidgets.QWidget()  # the two diagrams: side by side, or one above the other when narrow
        self.pair_layout = QtWidgets.QBoxLayout(QtWidgets.QBoxLayout.Direction.LeftToRight, self.pair)
        self.pair_layout.setContentsMargins(0, 0, 0, 0)
        self.pair_layout.setSpacing(0)
        self.pair.installEventFilter(self)
        for player in PLAYERS:
            canvas = pg.GraphicsLayoutWidget()
            canvas.setBackground(palette.BACKGROUND)
            box = picture_box(canvas, 0, 0, image=False)  # a click picks a node; the diagram fits its box
            canvas.scene().sigMouseClicked.connect(lambda event, p=player: self._clicked(p, event))
            title = QtWidgets.QLabel(TITLES[player], alignment=QtCore.Qt.AlignmentFlag.AlignCenter)
            title.setFont(palette.font(palette.TICK_PT))
            title.setStyleSheet(f"background: white; color: {palette.FOREGROUND}")
            title.setMinimumWidth(1)  # a narrow page elides nothing of the diagram for its title's sake
            holder = QtWidgets.QWidget()
            column = QtWidgets.QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(0)
            column.addWidget(title)
            column.addWidget(canvas, 1)
            self.pair_layout.addWidget(holder, 1)
            self.canvases[player], self.titles[player], self.boxes[player] = holder, title, box
            self.diagrams[player] = NetworkDiagram(box)
        self.detail = UnitDetail()
        self.note = QtWidgets.QLabel(wordWrap=True)
        self.note.setStyleSheet(f"color: {palette.GREY}")
        left = QtWidgets.QWidget()
        box = QtWidgets.QVBoxLayout(left)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.pair, 1)
        box.addWidget(self.note)
        split = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical)
        split.addWidget(left)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.maps: dict = {}
        self.step = None
        self.snapshot = None  # the frame's, for what the large view of D shows of the run
        self.chosen: tuple[str, str] | None = None  # (player, node name) of the large view, kept across frames

    # ----- data -------------------------------------------------------------------------------
    def draw(self, frame) -> None:
        if frame.neurons is None:
            return
        self.maps, self.step, self.snapshot = frame.neurons, frame.step, frame.snapshot
        for player in PLAYERS:
            shown = player in self.maps
            self.canvases[player].setVisible(shown)
            if shown:
                self.diagrams[player].draw(self.maps[player])
        notes = [f"{p}: {why}" for p, why in frame.neurons_missing.items()]
        notes.append(f"step {frame.step:,} · m/n over a layer: m of its n units drawn, those that move the next "
                     "layer most over the grid (spread × outgoing weights) · the 3 strongest weights into each node "
                     "· click a node")
        self.note.setText("\n".join(notes))
        self._show_chosen()

    def say(self, text: str) -> None:
        """Nothing to draw (the Dirac-GAN): say why."""
        self.maps = {}
        for player in PLAYERS:
            self.canvases[player].setVisible(False)
        self.note.setText(text)

    # ----- the large view ---------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.pair and event.type() == QtCore.QEvent.Type.Resize:
            w, h = event.size().width(), event.size().height()
            beside = min(w / 2 / DIAGRAM_ASPECT, h)  # a diagram's height, side by side
            above = min(w / DIAGRAM_ASPECT, h / 2)  # and one above the other
            wide = beside >= above
            Direction = QtWidgets.QBoxLayout.Direction  # noqa: N806 (Qt's enum)
            direction = Direction.LeftToRight if wide else Direction.TopToBottom
            if self.pair_layout.direction() != direction:
                self.pair_layout.setDirection(direction)
        return False

    def _clicked(self, player: str, event) -> None:
        box = self.boxes[player]
        if player in self.maps:
            node = self.diagrams[player].node_at(box.mapSceneToView(event.scenePos()))
            if node is not None:
                self.choose(node)

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
        of_d = node.player == "D"
        self.detail.show_node(node, maps.xs, maps.ys, beside=self.diagrams["D"].nodes[-2] if of_d else None,
                              d_of_x=sigmoid(d_maps.output[0]) if of_d and not d_maps.plane else None,
                              snapshot=self.snapshot)

    def shown_units(self, player: str) -> list[np.ndarray]:
        """The pictures drawn for each node of `player`, by column (for tests and the README's figures)."""
        return [[node.values for node in col] for col in self.diagrams[player].nodes]
