"""One editor widget per config key, chosen from its KeySpec by make_field()."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ganviz.app.controls.scale import SliderScale, format_number
from ganviz.app.controls.throttle import Throttle
from ganviz.core.config import KeySpec, check_value, parse_text
from ganviz.core.errors import ConfigError

ERROR_STYLE = "#input { border: 1px solid #d32f2f; border-radius: 2px; }"
BURST_MS = 50  # a dragged slider reports at most once per this many milliseconds


def key_tooltip(spec: KeySpec) -> str:
    """The help text of a key, what it accepts, and whether it waits for a reset."""
    lines = [f"{spec.key}: {spec.help}", f"Accepts {spec.describe()}."]
    if not spec.live:
        lines.append("⟳ Takes effect after a reset.")
    return "\n".join(lines)


class _NoStrayWheel:
    """Mixin: the wheel scrolls the panel, not the value, unless the widget has focus."""

    def wheelEvent(self, event):  # noqa: N802 (Qt's name)
        """Change the value only when focused; otherwise let the scroll area have the wheel."""
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class _Combo(_NoStrayWheel, QComboBox):
    pass


class _Spin(_NoStrayWheel, QSpinBox):
    def validate(self, text, pos):
        """Qt's check, except that an out-of-range integer may be typed (to be refused with a reason)."""
        state, text, pos = super().validate(text, pos)
        if state == QValidator.Invalid and re.fullmatch(r"\s*-?\d+\s*", text):
            state = QValidator.Intermediate
        return state, text, pos


class _Slider(_NoStrayWheel, QSlider):
    pass


class WrappedLabel(QLabel):
    """A word-wrapped label that asks its layout for the height its wrapped lines need."""

    def __init__(self, parent: QWidget | None = None):
        """An empty wrapped label."""
        super().__init__(parent, wordWrap=True)

    def resizeEvent(self, event):  # noqa: N802 (Qt's name)
        """Reserve the height of the wrapped text (scroll areas and form rows ignore height-for-width)."""
        super().resizeEvent(event)
        height = self.heightForWidth(self.width())
        if height > 0 and height != self.minimumHeight():
            self.setMinimumHeight(height)


class Field(QWidget):
    """The editor of one key: emits `committed(value)` for a parsed entry, `refused(message)` for bad text."""

    committed = Signal(object)
    refused = Signal(str)

    def __init__(self, spec: KeySpec, parent: QWidget | None = None):
        """Build the input for `spec`; subclasses add their widgets with _build()."""
        super().__init__(parent)
        self.spec = spec
        self._notes: dict[str, str] = {}
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        self.input = self._build(row)
        self.input.setObjectName("input")  # the error style's selector
        self._error = WrappedLabel(self)
        self._error.setVisible(False)
        self._error.setStyleSheet("color: #d32f2f;")
        small = self._error.font()
        small.setPointSizeF(small.pointSizeF() * 0.85)
        self._error.setFont(small)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addLayout(row)
        column.addWidget(self._error)
        self._update_tooltip()

    def _build(self, row: QHBoxLayout) -> QWidget:
        raise NotImplementedError

    def value(self) -> Any:
        """The value shown."""
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        """Show a value without emitting anything."""
        raise NotImplementedError

    def error(self) -> str:
        """The reason the last entry was refused, or ''."""
        return self._notes.get("error", "")

    def set_error(self, message: str | None) -> None:
        """Show (or with None clear) why an entry was refused: red border, tooltip and a line below."""
        if message:
            self._notes["error"] = message
        else:
            self._notes.pop("error", None)
        self.input.setStyleSheet(ERROR_STYLE if message else "")
        self._error.setText(message or "")
        self._error.setVisible(bool(message))
        self._update_tooltip()

    def set_inactive(self, reason: str | None) -> None:
        """Grey out the editor (keeping its value) and say why, or enable it with None."""
        if reason:
            self._notes["inactive"] = reason
        else:
            self._notes.pop("inactive", None)
        self.setEnabled(not reason)
        self._update_tooltip()

    def tooltip(self) -> str:
        """The full tooltip: help, accepted values, and the current notes."""
        text = key_tooltip(self.spec)
        if "inactive" in self._notes:
            text += f"\nNot used now: {self._notes['inactive']}."
        if "error" in self._notes:
            text += f"\nRefused: {self._notes['error']}"
        return text

    def _update_tooltip(self) -> None:
        self.setToolTip(self.tooltip())
        self.input.setToolTip(self.tooltip())

    def _commit_text(self, box: QLineEdit) -> None:
        # editingFinished also fires on focus loss; only a user edit counts
        if not box.isModified():
            return
        box.setModified(False)
        try:
            value = parse_text(self.spec, box.text())
        except ConfigError as e:
            self.refused.emit(str(e))
            return
        self._on_parsed(value)
        self.committed.emit(value)

    def _on_parsed(self, value: Any) -> None:
        """Hook: a typed value was parsed (the number field moves its slider)."""


class ChoiceField(Field):
    """A drop-down of the spec's choices."""

    def _build(self, row):
        combo = _Combo(focusPolicy=Qt.StrongFocus)
        # shrink with a narrow panel instead of forcing room for the longest item
        combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(6)
        combo.addItems(list(self.spec.choices))
        combo.currentIndexChanged.connect(lambda _: self.committed.emit(combo.currentText()))
        row.addWidget(combo)
        return combo

    def value(self):
        """The chosen item."""
        return self.input.currentText()

    def set_value(self, value):
        """Select an item silently."""
        with QSignalBlocker(self.input):
            self.input.setCurrentText(str(value))


class BoolField(Field):
    """A check box."""

    def _build(self, row):
        box = QCheckBox()
        box.toggled.connect(lambda on: self.committed.emit(bool(on)))
        row.addWidget(box)
        row.addStretch(1)
        return box

    def value(self):
        """Whether it is checked."""
        return self.input.isChecked()

    def set_value(self, value):
        """Check or uncheck silently."""
        with QSignalBlocker(self.input):
            self.input.setChecked(bool(value))


class IntField(Field):
    """A spin box over the spec's range; typed text counts on Enter or leaving the box."""

    def _build(self, row):
        spin = _Spin(focusPolicy=Qt.StrongFocus, keyboardTracking=False)
        spin.setRange(int(self.spec.lo), int(self.spec.hi))
        spin.valueChanged.connect(lambda v: self.committed.emit(int(v)))
        # Qt silently puts back the last value when typed text is out of range; say why instead
        self._typed: str | None = None
        spin.lineEdit().textEdited.connect(self._remember_typed)
        spin.editingFinished.connect(self._check_typed)
        row.addWidget(spin)
        return spin

    def _remember_typed(self, text: str) -> None:
        self._typed = text

    def _check_typed(self) -> None:
        typed, self._typed = self._typed, None
        if typed is None:
            return
        try:
            check_value(self.spec, parse_text(self.spec, typed))
        except ConfigError as e:
            self.refused.emit(str(e))

    def value(self):
        """The number shown."""
        return self.input.value()

    def set_value(self, value):
        """Show a number silently."""
        with QSignalBlocker(self.input):
            self.input.setValue(int(value))


class NumberField(Field):
    """A slider (logarithmic when spec.log) joined to a number box that accepts text like '3e-4'."""

    def _build(self, row):
        self.scale = SliderScale(self.spec.lo, self.spec.hi, self.spec.log)
        self._throttle = Throttle(self.committed.emit, BURST_MS, self)
        self.slider = _Slider(Qt.Horizontal, focusPolicy=Qt.StrongFocus)
        self.slider.setRange(0, self.scale.steps)
        self.slider.setPageStep(self.scale.steps // 20)
        self.slider.setMinimumWidth(40)
        self.slider.valueChanged.connect(self._on_slide)
        self.slider.sliderReleased.connect(self._throttle.flush)
        box = QLineEdit()
        box.setFixedWidth(box.fontMetrics().horizontalAdvance("0.000000") + 12)
        box.setAlignment(Qt.AlignRight)
        box.editingFinished.connect(lambda: self._commit_text(box))
        row.addWidget(self.slider, 1)
        row.addWidget(box)
        return box

    def value(self):
        """The number in the box."""
        return float(self.input.text())

    def set_value(self, value):
        """Show a number in the box and the slider silently (the slider stays put while dragged)."""
        self.input.setText(format_number(value))
        if not self.slider.isSliderDown():
            self._throttle.cancel()
            self._place_slider(value)

    def _place_slider(self, value: float) -> None:
        with QSignalBlocker(self.slider):
            self.slider.setValue(self.scale.to_position(value))

    def _on_parsed(self, value):
        if isinstance(value, int | float):
            self._place_slider(value)

    def _on_slide(self, position: int) -> None:
        value = self.scale.to_value(position)
        self.input.setText(format_number(value))
        self._throttle.push(value)


class ListField(Field):
    """A text box of comma-separated numbers."""

    def _build(self, row):
        box = QLineEdit()
        box.editingFinished.connect(lambda: self._commit_text(box))
        row.addWidget(box)
        return box

    def value(self):
        """The numbers in the box."""
        return parse_text(self.spec, self.input.text())

    def set_value(self, value):
        """Show numbers silently."""
        self.input.setText(", ".join(format_number(v) for v in value))


def make_field(spec: KeySpec, parent: QWidget | None = None) -> Field:
    """The editor for a key: choices, bool, int, float (slider + box, log when spec.log) or list."""
    if spec.choices:
        kind = ChoiceField
    elif spec.type is bool:
        kind = BoolField
    elif spec.type is int:
        kind = IntField
    elif spec.type is float:
        kind = NumberField
    elif spec.type is list:
        kind = ListField
    else:
        raise TypeError(f"no editor for {spec.key} of type {spec.type.__name__}")
    return kind(spec, parent)
