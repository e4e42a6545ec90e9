"""The target interface: parameter specs, validation, and the abstract 1-D / 2-D target classes."""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from ganviz.core.errors import ConfigError

if TYPE_CHECKING:
    import torch

LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)
_DENSITY_CHUNK = 1 << 16  # rows per call in density(): bounds memory for many-component mixtures


@dataclass(frozen=True)
class ParamSpec:
    """One target parameter: default, inclusive range, tooltip text, and how a slider should treat it."""

    default: float
    lo: float
    hi: float
    help: str
    integer: bool = False
    log: bool = False
    many: bool = False  # a list of distinct integers in [lo, hi] (the digit classes); `default` is then a tuple

    def describe(self) -> str:
        """What values are accepted, in words."""
        if self.many:
            return f"distinct integers in [{self.lo:g}, {self.hi:g}], comma-separated"
        kind = "an integer" if self.integer else "a number"
        return f"{kind} in [{self.lo:g}, {self.hi:g}]"


def check_param(name: str, spec: ParamSpec, value: object) -> float | int | list[int]:
    """The value as float (or int for integer params, or a sorted list of ints for a list param), or
    ConfigError keyed `target.NAME`."""
    bad = ConfigError(f"target.{name}", f"must be {spec.describe()}, got {value!r}")
    if spec.many:
        if not isinstance(value, list | tuple) or not value:
            raise bad
        items = [check_param(name, ParamSpec(0, spec.lo, spec.hi, spec.help, integer=True), v) for v in value]
        if len(set(items)) != len(items):
            raise bad
        return sorted(items)
    # bool is an int subclass in Python; a checkbox value here is always a mistake
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise bad
    v = float(value)
    if not math.isfinite(v) or not spec.lo <= v <= spec.hi:
        raise bad
    if spec.integer:
        if not v.is_integer():
            raise bad
        return int(v)
    return v


def normal_log_pdf(x: torch.Tensor, mean: float, std: float) -> torch.Tensor:
    """Elementwise log N(x; mean, std²), in x's dtype."""
    z = (x - mean) / std
    return -0.5 * z * z - (math.log(std) + LOG_SQRT_2PI)


class Target:
    """A true distribution with exact density, sampler and moments; build one with make_target()."""

    name: ClassVar[str]
    dim: ClassVar[int]
    PARAMS: ClassVar[dict[str, ParamSpec]]
    summary: ClassVar[str]
    discrete: ClassVar[bool] = False
    image: ClassVar[bool] = False  # a point is an image (dim pixels): no density, no grid

    params: dict[str, float]
    mean: np.ndarray
    std: np.ndarray
    bounds: tuple[tuple[float, float], ...]
    modes: np.ndarray | None = None
    mode_std: float | None = None

    def __init__(self, params: Mapping[str, float] | None = None):
        """Validate `params` (missing ones take defaults) and precompute moments and bounds."""
        given = dict(params or {})
        unknown = [k for k in given if k not in self.PARAMS]
        if unknown:
            accepted = ", ".join(self.PARAMS)
            raise ConfigError(f"target.{unknown[0]}",
                              f"unknown parameter; accepted parameters of {self.name}: {accepted}")
        self.params = {k: check_param(k, spec, given.get(k, spec.default)) for k, spec in self.PARAMS.items()}
        self._check()
        self._setup()

    def _check(self) -> None:
        """Cross-parameter rules; raise ConfigError naming one of the keys."""

    def _setup(self) -> None:
        """Compute mean, std, bounds (and modes) from self.params."""
        raise NotImplementedError

    def _set_moments(self, mean, std, bounds, modes=None, mode_std=None) -> None:
        # fresh float64 copies; they stay writable because torch warns on read-only arrays,
        # but a target is a value: change params by making a new one, never by editing these
        self.mean = np.array(mean, dtype=np.float64).reshape(self.dim)
        self.std = np.array(std, dtype=np.float64).reshape(self.dim)
        self.bounds = tuple((float(lo), float(hi)) for lo, hi in bounds)
        self.modes = None if modes is None else np.array(modes, dtype=np.float64).reshape(-1, self.dim)
        self.mode_std = None if mode_std is None else float(mode_std)

    def _check_input(self, x: torch.Tensor) -> None:
        if x.ndim != 2 or x.shape[1] != self.dim:
            raise ValueError(f"{self.name}: expected points of shape (n, {self.dim}), got {tuple(x.shape)}")

    def log_prob(self, x: torch.Tensor | np.ndarray) -> torch.Tensor | np.ndarray:
        """log p(x) for x (n, dim) -> (n,), in x's library and dtype: a tensor's is differentiable where the
        density is smooth; a numpy array's needs no torch (the formulas are written once, targets/arrays.py)."""
        self._check_input(x)
        return self._log_prob(x)

    def _log_prob(self, x: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError

    def density(self, x: np.ndarray) -> np.ndarray:
        """p(x) for x (n, dim) -> (n,) float64, via log_prob on numpy arrays (no torch)."""
        x = np.asarray(x, dtype=np.float64)
        out = np.empty(x.shape[0], dtype=np.float64)
        with np.errstate(divide="ignore"):  # log 0 = −inf outside a support is meant
            for i in range(0, x.shape[0], _DENSITY_CHUNK):
                out[i:i + _DENSITY_CHUNK] = np.exp(self.log_prob(x[i:i + _DENSITY_CHUNK]))
        return out

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """n exact draws as (n, dim) float64, using only `rng`."""
        return np.asarray(self._sample(rng, int(n)), dtype=np.float64).reshape(int(n), self.dim)

    def _sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        raise NotImplementedError

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v}" if isinstance(v, list) else f"{k}={v:g}" for k, v in self.params.items())
        return f"{type(self).__name__}({args})"


class Target1D(Target):
    """A distribution on the real line, with exact cdf and quantile function."""

    dim: ClassVar[int] = 1

    def _log_prob(self, x: torch.Tensor) -> torch.Tensor:
        return self._log_prob_1d(x[:, 0])

    def _log_prob_1d(self, x: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError

    def cdf(self, x: np.ndarray) -> np.ndarray:
        """P(X <= x), elementwise."""
        raise NotImplementedError

    def icdf(self, u: np.ndarray) -> np.ndarray:
        """The quantile function inf{x : cdf(x) >= u} for u in [0, 1], elementwise."""
        raise NotImplementedError


class Target2D(Target):
    """A distribution on the plane."""

    dim: ClassVar[int] = 2
