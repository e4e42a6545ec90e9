"""The two swept settings: `KEY=LO..HI:N[:log]` parsed, checked against the key's own range, and spaced."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from ganviz.core.config import PAIRED, Config, check_value, key_specs
from ganviz.core.errors import ConfigError

SYNTAX = "KEY=LO..HI:N[:log]"
_PATTERN = re.compile(r"^\s*(?P<key>[^=\s]+)\s*=\s*(?P<lo>[^.:][^:]*?)\.\.(?P<hi>[^:]+)"
                      r":(?P<n>[^:]+)(?::(?P<log>[^:]*))?$")


@dataclass(frozen=True)
class Axis:
    """One swept key: n values from lo to hi, evenly spaced (on a log scale if `log`)."""

    key: str
    lo: float
    hi: float
    n: int
    log: bool = False
    integer: bool = False

    @property
    def values(self) -> np.ndarray:
        """The n values (rounded to whole numbers for integer keys)."""
        if self.n == 1:
            v = np.array([self.lo], dtype=float)
        elif self.log:
            v = np.geomspace(self.lo, self.hi, self.n)
        else:
            v = np.linspace(self.lo, self.hi, self.n)
        return np.round(v).astype(np.int64) if self.integer else v

    def text(self) -> str:
        """The axis in the command-line syntax."""
        return f"{self.key}={self.lo:g}..{self.hi:g}:{self.n}" + (":log" if self.log else "")


def _number(option: str, what: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ConfigError(option, f"{what} must be a number, got {text!r} (expected {SYNTAX})") from None
    if not math.isfinite(value):
        raise ConfigError(option, f"{what} must be a finite number, got {text!r}")
    return value


def sweepable_keys(base: Config) -> list[str]:
    """The keys a sweep can vary: every number-valued key of this config."""
    numbers = [k for k, s in key_specs(base).items() if s.type in (int, float) and not s.choices]
    return numbers + [k for k, pair in PAIRED.items() if pair[0] in numbers]


def make_axis(base: Config, key: str, lo: float, hi: float, n: int, log: bool = False, option: str = "axis") -> Axis:
    """A checked axis: the key exists and takes numbers, n ≥ 1, log needs lo > 0, both ends in the key's range."""
    specs = key_specs(base)
    if key not in specs and key not in PAIRED:
        raise ConfigError(option, f"unknown key {key!r}; accepted: " + ", ".join(sweepable_keys(base)))
    spec = specs[PAIRED[key][0]] if key in PAIRED else specs[key]  # a pair (hidden) sweeps both players
    if spec.type not in (int, float) or spec.choices:
        raise ConfigError(option, f"{key} is not a number ({spec.describe()}); a sweep accepts: "
                          + ", ".join(sweepable_keys(base)))
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ConfigError(option, f"N must be a whole number ≥ 1, got {n!r}")
    if log and (lo <= 0 or hi <= 0):
        raise ConfigError(option, f"log spacing needs LO and HI > 0, got {lo:g}..{hi:g}")
    for end in (lo, hi):
        try:
            check_value(spec, round(end) if spec.type is int else end)
        except ConfigError as e:
            raise ConfigError(option, f"{e.key} {e.message}") from None
    return Axis(key, float(lo), float(hi), n, log, spec.type is int)


def parse_axis(base: Config, text: str, option: str = "--x") -> Axis:
    """An axis from `KEY=LO..HI:N[:log]`; ConfigError naming `option` and what is accepted."""
    m = _PATTERN.match(text)
    if not m:
        raise ConfigError(option, f"expected {SYNTAX} (e.g. lr_g=1e-4..1e-1:8:log), got {text!r}")
    lo, hi = _number(option, "LO", m["lo"]), _number(option, "HI", m["hi"])
    try:
        n = int(m["n"])
    except ValueError:
        raise ConfigError(option, f"N must be a whole number ≥ 1, got {m['n']!r}") from None
    if m["log"] is not None and m["log"] != "log":
        raise ConfigError(option, f"the optional last part must be 'log', got {m['log']!r} (expected {SYNTAX})")
    return make_axis(base, m["key"], lo, hi, n, m["log"] == "log", option)
