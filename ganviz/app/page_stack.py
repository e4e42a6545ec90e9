"""A stack of pages that asks only for the room of the page shown.

QStackedWidget's minimum size is the largest of all its pages, so the hidden 2-D page (a colour bar
and a legend beside the plane) kept the window from being as narrow as the 1-D page allows.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QStackedWidget


class PageStack(QStackedWidget):
    """QStackedWidget whose size hints are those of the current page."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.currentChanged.connect(lambda _: self.updateGeometry())

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()
