"""Number formatting and the mapping between slider positions and values (linear or logarithmic)."""

from __future__ import annotations

import math
from dataclasses import dataclass


def format_number(value: float) -> str:
    """Short text for a number that parses back to it ('0.001', '3e-07', '2')."""
    text = f"{float(value):.12g}"
    return "0" if text == "-0" else text


@dataclass(frozen=True)
class SliderScale:
    """Maps slider positions 0..steps onto [lo, hi]; the ends give lo and hi exactly."""

    lo: float
    hi: float
    log: bool = False
    steps: int = 1000

    def _unit(self, value: float) -> float:
        if self.log:
            return (math.log10(value) - math.log10(self.lo)) / (math.log10(self.hi) - math.log10(self.lo))
        return (value - self.lo) / (self.hi - self.lo)

    def to_position(self, value: float) -> int:
        """The nearest slider position of a value (clamped to the ends)."""
        value = min(max(value, self.lo), self.hi)
        return round(self._unit(value) * self.steps)

    def to_value(self, position: int) -> float:
        """The value at a slider position, rounded so the number box stays short."""
        if position <= 0:
            return float(self.lo)
        if position >= self.steps:
            return float(self.hi)
        t = position / self.steps
        if self.log:
            exponent = math.log10(self.lo) + t * (math.log10(self.hi) - math.log10(self.lo))
            # as few digits as keep neighbouring positions apart (3 for the learning rates' 11 decades)
            ratio = (self.hi / self.lo) ** (1 / self.steps) - 1
            digits = math.floor(1 - math.log10(ratio)) + 1
            value = float(f"{10.0 ** exponent:.{digits}g}")
        else:
            step = (self.hi - self.lo) / self.steps
            value = round(self.lo + t * (self.hi - self.lo), max(0, 1 - math.floor(math.log10(step))))
        return min(max(value + 0.0, self.lo), self.hi)  # + 0.0 turns -0.0 into 0.0
