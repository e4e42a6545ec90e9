"""A place in a layout for a view that is built the first time it is shown.

Some views cost an import the window should not pay at start-up (the loss curves are computed by
autograd, so their module needs torch). The holder takes the view's place in the splitter from
the start; the view inside is made when the holder is first shown, or first handed data.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QRegion
from PySide6.QtWidgets import QVBoxLayout, QWidget


class OnFirstShow(QWidget):
    """Holds the view `make()` returns, made on first show; `update(data)` passes data on to it."""

    def __init__(self, make: Callable[[], QWidget], parent: QWidget | None = None):
        super().__init__(parent)
        self._make = make
        self.view: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def built(self) -> QWidget:
        """The view, made now if it was not yet."""
        if self.view is None:
            self.view = self._make()
            self.layout().addWidget(self.view)
        return self.view

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.built()
        super().showEvent(event)

    def update(self, *args):
        """Draw `args[0]` in the view; with no argument or a rectangle, repaint (as QWidget.update)."""
        if len(args) == 1 and not isinstance(args[0], QRect | QRectF | QRegion):
            self.built().update(args[0])
        else:
            super().update(*args)
