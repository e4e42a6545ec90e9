"""A titled section that folds away: a header button over a form of labelled rows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QSizePolicy, QToolButton, QVBoxLayout, QWidget


class Section(QWidget):
    """A collapsible group of rows; `form` is the QFormLayout that holds them."""

    def __init__(self, title: str, parent: QWidget | None = None):
        """An expanded section titled `title`."""
        super().__init__(parent)
        self.header = QToolButton(text=title, checkable=True, checked=True)
        self.header.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        self.header.setArrowType(Qt.DownArrow)
        self.header.setAutoRaise(True)
        self.header.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.header.setStyleSheet("QToolButton { font-weight: bold; border: none; text-align: left; }")
        self.header.setToolTip(f"Show or hide the {title} settings")
        self.header.toggled.connect(self.set_expanded)
        self.body = QWidget()
        self.form = QFormLayout(self.body)
        self.form.setContentsMargins(14, 2, 2, 6)
        self.form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self.form.setRowWrapPolicy(QFormLayout.DontWrapRows)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.body)

    def title(self) -> str:
        """The section's title."""
        return self.header.text()

    def is_expanded(self) -> bool:
        """Whether the rows are shown."""
        return self.header.isChecked()

    def set_expanded(self, expanded: bool) -> None:
        """Show or fold away the rows."""
        self.header.setChecked(expanded)
        self.header.setArrowType(Qt.DownArrow if expanded else Qt.RightArrow)
        self.body.setVisible(expanded)
