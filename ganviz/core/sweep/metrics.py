"""Which final metric a sweep can map, and reading it from a finished cell with the run's own Evaluator."""

from __future__ import annotations

import math

from ganviz.core.config import Config
from ganviz.core.errors import ConfigError
from ganviz.core.targets import make_target
from ganviz.core.trainer import Trainer

DESCRIPTIONS = {
    "w1": "W₁ to the target (dirac-gan: |θ|)",
    "jsd": "Jensen–Shannon divergence on the grid (nats)",
    "kl": "KL(p_t‖p_g) on the grid (nats)",
    "mmd": "MMD² between 500 generated and 500 real samples",
    "modes": "modes covered (of 2500 samples)",
    "hq": "high-quality fraction of 2500 samples",
    "radius": "distance to the equilibrium √(θ²+ψ²)",
}


def metrics_for(config: Config) -> list[str]:
    """The metric names a sweep of this config can map."""
    if config.target == "dirac":
        return ["radius", "w1"]
    names = ["w1", "jsd", "kl", "mmd"]
    if make_target(config.target, config.target_params).modes is not None:
        names += ["modes", "hq"]
    return names


def default_metric(config: Config) -> str:
    """Distance to the equilibrium for the Dirac-GAN, W₁ otherwise."""
    return "radius" if config.target == "dirac" else "w1"


def check_metric(config: Config, name: str, option: str = "--metric") -> str:
    """The metric name, or ConfigError saying which are accepted for this target."""
    accepted = metrics_for(config)
    if name not in accepted:
        raise ConfigError(option, f"unknown metric {name!r} for target {config.target}; accepted: "
                          + ", ".join(accepted))
    return name


def final_metric(trainer: Trainer, name: str) -> tuple[float, bool]:
    """(metric, diverged) of a finished cell; NaN and True when it diverged or its samples are not finite."""
    if trainer.status != "ok":
        return math.nan, True
    _, metrics = trainer.measure(fields=False)
    if not metrics.pop("finite"):
        return math.nan, True
    return float(metrics[name]), False
