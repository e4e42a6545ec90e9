"""View → Game spectrum: a dock with the eigenvalues of the game's Jacobian, measured beside training
(in a spectrum process) while the dock is shown: every N steps, now on request, after each change.

A part of the window written against the host API (host.py): it adds a dock and its View menu
switch, sends ("spectrum", N) when shown and ("spectrum", 0) when hidden, and draws the replies.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget, QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from ganviz.app.host import Host
from ganviz.app.session.protocol import SPECTRUM_EVERY, GameSpectrum, Refused
from ganviz.app.views.on_first_show import OnFirstShow

MIN_HEIGHT = 330  # px of the plane, the histories and the verdict; at 1024×768 the Lesson keeps ~250 above


class SpectrumDock:
    """The dock, its controls and the view inside (made the first time the dock is shown)."""

    def __init__(self, host: Host):
        self.host = host
        self.generation = -1  # the run the view's history belongs to
        self.dock = QDockWidget("Game spectrum")
        self.dock.setObjectName("spectrum_dock")  # the window's saved layout names its docks
        self.holder = OnFirstShow(self._make_view)
        self.holder.setMinimumHeight(MIN_HEIGHT)  # below the Lesson's tab, the plane keeps a readable size
        self.every = QSpinBox(minimum=100, maximum=1_000_000, singleStep=500, value=SPECTRUM_EVERY,
                              suffix=" steps", toolTip="how often the trainer measures the spectrum while "
                              "this dock is shown (each one takes seconds of a core beside training)")
        self.every.editingFinished.connect(self._ask)
        now = QPushButton("Measure now", toolTip="the spectrum at the current step, paused or playing")
        now.clicked.connect(self._ask)
        row = QHBoxLayout()
        row.addWidget(QLabel("every"))
        row.addWidget(self.every)
        row.addStretch(1)
        row.addWidget(now)
        body = QWidget()
        box = QVBoxLayout(body)
        box.addWidget(self.holder, 1)
        box.addLayout(row)
        self.dock.setWidget(body)
        self.dock.visibilityChanged.connect(self._shown)
        self.action = self.dock.toggleViewAction()  # checked exactly while the dock is open
        self.action.setText("&Game spectrum (eigenvalues of the game's Jacobian)")
        self.action.toggled.connect(self._open)  # so setChecked (a lesson's step) opens it as a click does
        host.add_dock(self.dock, tabbed=False)  # below Settings and the Lesson: a step's text stays in view
        host.add_menu_actions("view", [self.action])
        host.add_view_switch("spectrum", self.action)
        host.on_reply(self._on_reply)

    @staticmethod
    def _make_view():
        from ganviz.app.views.spectrum_view import SpectrumView

        return SpectrumView()

    @property
    def view(self):
        return self.holder.built()

    def _open(self, on: bool) -> None:
        self.dock.setVisible(on)
        if on:
            self.dock.raise_()  # in front, if the user has tabbed it with another dock

    def _shown(self, visible: bool) -> None:
        self.host.send("spectrum", self.every.value() if visible else 0)

    def _ask(self) -> None:
        if self.dock.isVisible():
            self.host.send("spectrum", self.every.value())

    def _on_reply(self, reply) -> None:
        if isinstance(reply, GameSpectrum):
            if reply.generation != self.generation:
                self.view.clear()
                self.generation = reply.generation
            self.view.update(reply)
        elif isinstance(reply, Refused) and reply.key == "spectrum":
            self.view.say(f"no spectrum: {reply.message}")


def install_spectrum(host: Host) -> SpectrumDock:
    """Add View → Game spectrum to the host's window (hidden until chosen)."""
    part = SpectrumDock(host)
    part.dock.hide()
    return part
