"""The true distributions a GAN learns: a registry of 1-D and 2-D targets with exact densities, and the
8×8 digits (images, as points of R^64)."""

from __future__ import annotations

from collections.abc import Mapping

from ganviz.core.errors import ConfigError
from ganviz.core.targets.base import ParamSpec, Target, Target1D, Target2D
from ganviz.core.targets.dirac import Dirac
from ganviz.core.targets.discrete import Discrete
from ganviz.core.targets.images import Digits, Digits7
from ganviz.core.targets.mixtures import Grid, IsoMixture2D, Ring, Spiral
from ganviz.core.targets.one_d import Beta, Bimodal, Exponential, Gaussian, Laplace, LogNormal, Uniform
from ganviz.core.targets.samples import Samples1D, Samples2D
from ganviz.core.targets.two_d import Banana, Checkerboard, CorrelatedGaussian

# listing order: 1-D first, simplest first; dirac is the Dirac-GAN's point mass (no density)
TARGETS: dict[str, type[Target]] = {
    cls.name: cls
    for cls in (Gaussian, Bimodal, Uniform, Exponential, Laplace, LogNormal, Beta, Discrete, Dirac,
                CorrelatedGaussian, Ring, Grid, Spiral, Banana, Checkerboard, Samples1D, Samples2D, Digits, Digits7)
}


def target_names(dim: int | None = None) -> list[str]:
    """Registered target names, all or only those of dimension `dim`, in listing order."""
    return [name for name, cls in TARGETS.items() if dim is None or cls.dim == dim]


def make_target(name: str, params: Mapping[str, float] | None = None) -> Target:
    """A validated target; missing params take defaults, bad ones raise ConfigError naming the key."""
    cls = TARGETS.get(name) if isinstance(name, str) else None
    if cls is None:
        raise ConfigError("target", f"unknown target {name!r}; accepted: {', '.join(TARGETS)}")
    return cls(params)


__all__ = [
    "TARGETS", "ConfigError", "ParamSpec", "Target", "Target1D", "Target2D", "IsoMixture2D",
    "make_target", "target_names", "Gaussian", "Bimodal", "Uniform", "Exponential", "Laplace",
    "LogNormal", "Beta", "Discrete", "Dirac", "CorrelatedGaussian", "Ring", "Grid", "Spiral", "Banana",
    "Checkerboard", "Samples1D", "Samples2D", "Digits", "Digits7",
]
