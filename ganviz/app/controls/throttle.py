"""Merge bursts of values (a dragged slider) into at most one call per interval."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer

_NOTHING = object()


class Throttle(QObject):
    """Calls `callback` at once for the first value of a burst, then with the latest value once per interval."""

    def __init__(self, callback: Callable[[Any], None], interval_ms: int = 50, parent: QObject | None = None):
        """Wrap `callback`; `interval_ms` is the shortest time between two calls."""
        super().__init__(parent)
        self._callback = callback
        self._pending: Any = _NOTHING
        self._timer = QTimer(self, singleShot=True, interval=interval_ms)
        self._timer.timeout.connect(self._on_timeout)

    def push(self, value: Any) -> None:
        """Offer a value: passed on now if the last call is old enough, else kept as the latest."""
        if self._timer.isActive():
            self._pending = value
        else:
            self._timer.start()
            self._callback(value)

    def flush(self) -> None:
        """Pass on the kept value now (the end of a drag)."""
        value, self._pending = self._pending, _NOTHING
        if value is not _NOTHING:
            self._timer.start()
            self._callback(value)

    def cancel(self) -> None:
        """Forget the kept value (the value was replaced from outside)."""
        self._pending = _NOTHING

    def _on_timeout(self) -> None:
        self.flush()
