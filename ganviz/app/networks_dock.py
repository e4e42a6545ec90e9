"""View → Inside the networks: a dock under the views with G's and D's diagrams, each hidden unit a picture
of its activation, refreshed twice a second while training runs and only while the dock is shown.

A part of the window written against the host API (host.py): it adds a dock and its View menu switch,
sends ("neurons", units) when shown and ("neurons", 0) when hidden, and draws the frames' pictures.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from ganviz.app.host import Host
from ganviz.app.views.on_first_show import OnFirstShow

UNITS = 8  # units shown per hidden layer at first: as many as TensorFlow Playground's layers hold
MAX_UNITS = 32
MIN_HEIGHT = 300  # px: eight thumbnails a column stay ~25 px high


class NetworksDock:
    """The dock, its units-per-layer control and the view inside (made the first time it is shown)."""

    def __init__(self, host: Host):
        self.host = host
        self.dock = QDockWidget("Inside the networks")
        self.dock.setObjectName("networks_dock")  # the window's saved layout names its docks
        self.holder = OnFirstShow(self._make_view)
        self.holder.setMinimumHeight(MIN_HEIGHT)
        self.units = QSpinBox(minimum=1, maximum=MAX_UNITS, value=UNITS, suffix=" units",
                              toolTip="hidden units drawn per layer: those that move the next layer most over "
                              "the grid drawn (the spread of their activation × the length of their outgoing "
                              "weights)")
        self.units.valueChanged.connect(self._ask)
        row = QHBoxLayout()
        row.addWidget(QLabel("per layer, the strongest"))
        row.addWidget(self.units)
        row.addStretch(1)
        body = QWidget()
        box = QVBoxLayout(body)
        box.addWidget(self.holder, 1)
        box.addLayout(row)
        self.dock.setWidget(body)
        self.dock.visibilityChanged.connect(self._shown)
        self.action = self.dock.toggleViewAction()  # checked exactly while the dock is open
        self.action.setText("&Inside the networks (each hidden unit as a picture)")
        self.action.toggled.connect(self._open)
        host.add_wide_dock(self.dock)
        host.add_menu_actions("view", [self.action])
        host.add_view_switch("networks", self.action)
        host.on_frame(self._on_frame)

    @staticmethod
    def _make_view():
        from ganviz.app.views.networks_view import NetworksView

        return NetworksView()

    @property
    def view(self):
        return self.holder.built()

    def _open(self, on: bool) -> None:
        self.dock.setVisible(on)
        if on:
            self.dock.raise_()

    def _shown(self, visible: bool) -> None:
        self.host.send("neurons", self.units.value() if visible else 0)

    def _ask(self) -> None:
        if self.dock.isVisible():
            self.host.send("neurons", self.units.value())

    def _on_frame(self, frame) -> None:
        if not self.dock.isVisible():
            return
        if frame.snapshot.kind == "dirac":
            self.view.say("The Dirac-GAN's players are single numbers, not networks: its phase plane shows them.")
        elif frame.neurons is not None:
            self.view.update(frame)


def install_networks(host: Host) -> NetworksDock:
    """Add View → Inside the networks to the host's window (hidden until chosen)."""
    part = NetworksDock(host)
    part.dock.hide()
    return part
