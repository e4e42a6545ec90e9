"""Bounded histories for the plots: columns of floats that thin themselves as they fill."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np


class HistoryBuffer:
    """Rows of named floats (one of them "step"), at most `max_points` kept per series.

    When full, every other stored row is dropped (the first and the newest are kept) and from
    then on only every other incoming row is stored, so the kept steps stay evenly spaced and
    memory stays flat over hours. The newest row is always present, so curves end at "now".
    """

    def __init__(self, max_points: int = 4000):
        if max_points < 3:
            raise ValueError(f"max_points must be at least 3, got {max_points}")
        self.max_points = max_points
        self.version = 0  # changes whenever the stored rows do
        self.clear()

    def clear(self) -> None:
        """Forget every row."""
        self.version += 1
        self._columns: dict[str, np.ndarray] = {}
        self._len = 0
        self._seen = 0  # rows offered since the last clear
        self._stride = 1  # store rows whose index is a multiple of this
        self._tail_is_extra = False  # the last stored row is off-stride, kept only because it is the newest

    def __len__(self) -> int:
        return self._len

    def append(self, row: Mapping[str, float]) -> None:
        """Add one row; keys not seen before start a new series (NaN for earlier rows)."""
        index = self._seen
        self._seen += 1
        self.version += 1
        if self._tail_is_extra:
            self._len -= 1  # the old newest row gives way to the new one
        self._write(self._len, row)
        self._len += 1
        self._tail_is_extra = index % self._stride != 0
        if self._len > self.max_points:
            self._thin()

    def _write(self, at: int, row: Mapping[str, float]) -> None:
        for key in row:
            if key not in self._columns:
                self._columns[key] = np.full(self.max_points + 1, np.nan)
        for key, column in self._columns.items():
            column[at] = row.get(key, np.nan)

    def _thin(self) -> None:
        """Keep rows 0, 2, 4, ... and the newest; store only every other incoming row from now on."""
        keep = np.arange(0, self._len, 2)
        newest = self._len - 1
        if keep[-1] != newest:
            keep = np.append(keep, newest)
        for column in self._columns.values():
            column[: len(keep)] = column[keep]
        self._len = len(keep)
        self._stride *= 2
        self._tail_is_extra = (self._seen - 1) % self._stride != 0

    def arrays(self) -> dict[str, np.ndarray]:
        """Copies of the stored series, by name, all of the same length."""
        return {key: column[: self._len].copy() for key, column in self._columns.items()}
