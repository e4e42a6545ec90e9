"""View → Inside the networks: a page in place of the main views with G's and D's diagrams, each hidden
unit a picture of its activation, refreshed twice a second while training runs and only while shown.

A page rather than a dock: the diagrams and the large node need the room of the views (a dock under
them squeezed a 1024×768 window past its height), and the large view of D(x) carries what the page
hides (the densities over a line, G's samples over the plane). The loss and metric plots stay beside it.

A part of the window written against the host API (host.py): it adds a page and its View menu switch,
sends ("neurons", units) when shown and ("neurons", 0) when hidden, and draws the frames' pictures.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from ganviz.app.host import Host
from ganviz.app.views.on_first_show import OnFirstShow

UNITS = 8  # units shown per hidden layer at first: as many as TensorFlow Playground's layers hold
MAX_UNITS = 32


class NetworksPage:
    """The page, its units-per-layer control and the view inside (made the first time it is shown)."""

    def __init__(self, host: Host):
        self.host = host
        self.holder = OnFirstShow(self._make_view)
        self.units = QSpinBox(minimum=1, maximum=MAX_UNITS, value=UNITS, suffix=" units",
                              toolTip="hidden units drawn per layer: those that move the next layer most over "
                              "the grid drawn (the spread of their activation × the length of their outgoing "
                              "weights)")
        self.units.valueChanged.connect(self._ask)
        row = QHBoxLayout()
        row.setContentsMargins(4, 0, 4, 2)
        row.addWidget(QLabel("Draw per layer the strongest"))
        row.addWidget(self.units)
        row.addStretch(1)
        self.page = QWidget()
        self.page.setObjectName("networks_page")
        box = QVBoxLayout(self.page)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.holder, 1)
        box.addLayout(row)
        self.action = QAction("&Inside the networks (replaces the main view)", self.page, checkable=True)
        self.action.toggled.connect(self._set_shown)
        host.add_page(self.page)
        host.add_menu_actions("view", [self.action])
        host.add_view_switch("networks", self.action)
        host.on_frame(self._on_frame)
        self.page.hide()

    @staticmethod
    def _make_view():
        from ganviz.app.views.networks_view import NetworksView

        return NetworksView()

    @property
    def view(self):
        return self.holder.built()

    def _set_shown(self, on: bool) -> None:
        self.page.setVisible(on)
        self.host.show_main_page(not on)
        self.host.send("neurons", self.units.value() if on else 0)

    def _ask(self) -> None:
        if self.page.isVisible():
            self.host.send("neurons", self.units.value())

    def _on_frame(self, frame) -> None:
        if not self.page.isVisible():
            return
        if frame.snapshot.kind == "dirac":
            self.view.say("The Dirac-GAN's players are single numbers, not networks: its phase plane shows them.")
        elif frame.neurons is not None:
            self.view.update(frame)


def install_networks(host: Host) -> NetworksPage:
    """Add View → Inside the networks to the host's window (hidden until chosen)."""
    return NetworksPage(host)
