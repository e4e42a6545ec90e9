"""The controls panel: every config key as an editor, generated from the config's field metadata."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ganviz.app.controls.fields import Field, WrappedLabel, make_field
from ganviz.app.controls.groups import GROUPS, TARGET_PARAMS, group_keys, is_target_param, target_params_section
from ganviz.app.controls.relevance import inactive_reason
from ganviz.app.controls.section import Section
from ganviz.core.config import (
    Config,
    KeySpec,
    default_config,
    key_specs,
    needs_reset,
    target_specs,
)
from ganviz.core.errors import ConfigError

PENDING_MARK = '<span style="color:#e69500">●</span> '  # amber: changed, waits for a reset
PENDING_NOTE = "Changed: takes effect after a reset."


RESET_MARK = " ⟳"  # after the label of a key that takes effect only after a reset, before it is changed


def display_name(key: str) -> str:
    """A key without its section's prefix (`target.std` → `std`): the row label in the by-key view."""
    return key.split(".", 1)[1] if key.startswith(("target.", "dirac.")) else key


def row_label(spec: KeySpec, by_key: bool = False) -> str:
    """The row label of a key: its plain-words label (or the key itself, by_key), marked if it needs a reset."""
    text = display_name(spec.key) if by_key or not spec.label else spec.label
    return text + ("" if spec.live else RESET_MARK)


def refusal_message(key: str, error: ConfigError) -> str:
    """The reason an edit of `key` was refused, naming the key it conflicts with if that is another."""
    if error.key == key:
        return str(error)
    return f"{key}: not with the current {error.key}: {error.message}"


class ControlsPanel(QWidget):
    """Editors for every setting, in collapsible sections; refuses bad entries and marks keys awaiting a reset."""

    changed = Signal(str, object)  # key, accepted value
    reset_needed = Signal(list)  # every key changed since the last reset that waits for one
    refused = Signal(str, str)  # key, reason

    def __init__(self, config: Config | None = None, parent: QWidget | None = None):
        """A panel showing `config` (the defaults if None)."""
        super().__init__(parent)
        self._config = config or default_config()
        self._baseline = self._config  # the config of the last reset: differences from it are pending
        self._fields: dict[str, Field] = {}
        self._labels: dict[str, QLabel] = {}
        self._sections: dict[str, Section] = {}
        self._pending: list[str] = []
        self.by_key = False  # rows labelled by config key (View → Settings by key) instead of in words
        self._refusal: tuple[str, str] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        specs = key_specs(self._config)
        for title, keys in group_keys(specs):
            section = self._sections[title] = Section(title)
            layout.addWidget(section)
            for key in keys:
                self._add_row(section, -1, specs[key])
        self._status = WrappedLabel()
        self._status.setVisible(False)
        self._status.setStyleSheet("color: #d32f2f;")
        layout.addWidget(self._status)
        layout.addStretch(1)
        self._align_labels()
        self._show_values()

    # ----- public ----------------------------------------------------------------------------
    def config(self) -> Config:
        """The config shown, with the user's accepted edits."""
        return self._config

    def keys(self) -> list[str]:
        """The keys that have an editor, in display order."""
        return [k for _, keys in group_keys(self._fields) for k in keys]

    def field(self, key: str) -> Field:
        """The editor of a key."""
        return self._fields[key]

    def label(self, key: str) -> QLabel:
        """The row label of a key."""
        return self._labels[key]

    def section(self, title: str) -> Section:
        """A section by its title."""
        return self._sections[title]

    def pending_keys(self) -> list[str]:
        """Keys changed since the last reset that only take effect after one."""
        return list(self._pending)

    def refusal(self) -> tuple[str, str] | None:
        """(key, reason) of the last refused entry, until a later entry is accepted."""
        return self._refusal

    def set_config(self, config: Config) -> None:
        """Show a config's values without emitting anything (the target's rows are rebuilt if it differs)."""
        old, self._config = self._config, config
        if config.target != old.target:
            self._rebuild_target_rows()
        self._show_values()

    def set_by_key(self, on: bool) -> None:
        """Label the rows with the config keys (as `--set` and saved files name them) or in plain words."""
        self.by_key = bool(on)
        for key in self._fields:
            self._update_label(key)
        self._align_labels()

    def clear_pending(self) -> None:
        """Forget the keys awaiting a reset (call after a reset) and remove their marks."""
        self._baseline = self._config
        self._update_pending()

    # ----- building --------------------------------------------------------------------------
    def _add_row(self, section: Section, index: int, spec: KeySpec) -> None:
        field = make_field(spec)
        label = QLabel(row_label(spec, self.by_key))
        label.setBuddy(field.input)
        section.form.insertRow(index, label, field)
        self._fields[spec.key], self._labels[spec.key] = field, label
        field.committed.connect(partial(self._on_commit, spec.key))
        field.refused.connect(partial(self._refuse, spec.key))

    def _rebuild_target_rows(self) -> None:
        section = self._sections[target_params_section()]
        for key in [k for k in self._fields if is_target_param(k)]:
            section.form.removeRow(self._fields.pop(key))  # deletes the label and the editor
            del self._labels[key]
        index = self._target_rows_index(section)
        for spec in target_specs(self._config.target).values():
            self._add_row(section, index, spec)
            index += 1
        self._align_labels()

    def _align_labels(self) -> None:
        """One label width in every section, room for the pending mark included, so the editors line up."""
        metrics = self.fontMetrics()
        width = max(metrics.horizontalAdvance("● " + row_label(self._fields[k].spec, self.by_key))
                    for k in self._labels) + 4
        for label in self._labels.values():
            label.setMinimumWidth(width)

    def _target_rows_index(self, section: Section) -> int:
        """The form row where the target's parameters go: after the keys listed before them."""
        pattern = dict(GROUPS)[section.title()]
        before = [k for k in pattern[:pattern.index(TARGET_PARAMS)] if k in self._fields]
        return section.form.getWidgetPosition(self._fields[before[-1]])[0] + 1 if before else 0

    # ----- showing ---------------------------------------------------------------------------
    def _show_values(self) -> None:
        values = self._config.to_dict()
        for key, field in self._fields.items():
            field.set_value(values[key])
        self._update_relevance()
        self._update_pending()

    def _update_relevance(self) -> None:
        for key, field in self._fields.items():
            reason = inactive_reason(key, self._config)
            field.set_inactive(reason)
            self._labels[key].setEnabled(reason is None)
            self._update_label(key)

    def _update_pending(self) -> None:
        waiting = needs_reset(self._baseline, self._config)
        self._pending = [k for k in waiting if k in self._fields and not is_target_param(k)]
        for key in self._fields:
            self._update_label(key)

    def _update_label(self, key: str) -> None:
        label, field = self._labels[key], self._fields[key]
        pending = key in self._pending
        label.setText((PENDING_MARK if pending else "") + row_label(field.spec, self.by_key))
        label.setToolTip((PENDING_NOTE + "\n" if pending else "") + field.tooltip())

    # ----- editing ---------------------------------------------------------------------------
    def _on_commit(self, key: str, value: Any) -> None:
        field = self._fields[key]
        old = self._config
        if old.to_dict()[key] == value:
            field.set_error(None)
            self._update_label(key)
            return
        try:
            new = old.with_changes({key: value})
        except ConfigError as e:
            self._refuse(key, refusal_message(key, e))
            return
        self._config = new
        field.set_error(None)
        self._refusal = None
        self._status.setVisible(False)
        if new.target != old.target:
            self._rebuild_target_rows()
            self._show_values()
        self._update_relevance()
        self.changed.emit(key, new.to_dict()[key])
        spec = key_specs(old)[key]
        if not spec.live:
            self._update_pending()
            self.reset_needed.emit(self.pending_keys())

    def _refuse(self, key: str, message: str) -> None:
        field = self._fields[key]
        field.set_value(self._config.to_dict()[key])
        field.set_error(message)
        self._update_label(key)
        self._refusal = (key, message)
        self._status.setText(message)
        self._status.setVisible(True)
        self.refused.emit(key, message)
