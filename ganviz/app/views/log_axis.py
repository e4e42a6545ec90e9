"""A log-scale axis that labels only 1, 2 and 5 × 10ᵏ when it spans more than a decade."""

from __future__ import annotations

import math

import pyqtgraph as pg

CROWDED_DECADES = 1.0  # over more than a decade the in-between labels (0.6, 0.7, ...) overlap


class LogAxis(pg.AxisItem):
    """pyqtgraph's log axis, with the minor labels 3, 4, 6, 7, 8, 9 × 10ᵏ dropped when crowded."""

    def logTickStrings(self, values, scale, spacing):
        """Labels for ticks at log10 positions `values`; blanks for crowded minor ones."""
        strings = super().logTickStrings(values, scale, spacing)
        if len(values) < 2 or max(values) - min(values) <= CROWDED_DECADES:
            return strings
        return [s if _leading_digit(v) in (1, 2, 5) else "" for s, v in zip(strings, values, strict=True)]


def _leading_digit(log10_value: float) -> int:
    """The first significant digit of 10**log10_value."""
    mantissa = 10 ** (log10_value - math.floor(log10_value + 1e-9))
    return round(mantissa)
