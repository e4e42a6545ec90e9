"""Classic samplers of a 1-D target, for the first lessons: inverse transform, rejection, Metropolis-Hastings.

The seeds start here: a computer makes uniform numbers, and other laws are built from them,
either through a transform (the inverse CDF), or by a process (accept or reject a proposal,
or walk a Markov chain whose stationary law is the target). Each sampler advances a few draws
at a time so the app can animate it; all randomness comes from one numpy stream seeded here.
Pure numpy and the target's own density, cdf and quantile function: no torch state, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ganviz.core.config import KeySpec, check_value
from ganviz.core.errors import ConfigError
from ganviz.core.targets.base import Target, Target1D

METHODS = ("inverse", "rejection", "metropolis")
RECENT = 60  # proposals (or uniforms) kept for drawing the latest moves
ENVELOPE_GRID = 20001  # points on which the rejection envelope's height is found
ENVELOPE_MARGIN = 1.02  # M a little above the largest ratio seen on the grid, so p ≤ M·q holds between nodes
MAX_DRAWS = 2_000_000  # a sampler stops growing here (the app can run for hours)

# Parameters a lesson may set; validated with the config's own checker.
PARAMS = {
    "width": KeySpec("sampler.width", float, 1.0, "Metropolis-Hastings: std of the Gaussian proposal step.",
                     True, 1e-3, 100.0),
    "start": KeySpec("sampler.start", float, None, "Metropolis-Hastings: where the chain starts "
                     "(default: the left end of the target's range).", True, -1e6, 1e6),
    "per_frame": KeySpec("sampler.per_frame", int, 5, "Draws (or proposals, or chain steps) per frame.",
                         True, 1, 10000),
    "seed": KeySpec("sampler.seed", int, 0, "Seed of the sampler's own random stream.", True, 0, 2**31 - 1),
}


def check_params(params: dict) -> dict:
    """The sampler settings with defaults filled in; ConfigError naming a bad one."""
    if not isinstance(params, dict):
        raise ConfigError("sampler", "must be an object with a method and optional settings")
    method = params.get("method")
    if method not in METHODS:
        raise ConfigError("sampler.method", f"must be one of {', '.join(METHODS)}, got {method!r}")
    out = {"method": method}
    for key, value in params.items():
        if key == "method":
            continue
        if key not in PARAMS:
            raise ConfigError(f"sampler.{key}", "unknown setting; accepted: method, " + ", ".join(PARAMS))
        # null start means the default place
        out[key] = None if value is None and PARAMS[key].default is None else check_value(PARAMS[key], value)
    for key, spec in PARAMS.items():
        out.setdefault(key, spec.default)
    return out


@dataclass(frozen=True)
class SamplerState:
    """What the sampling view draws: the draws so far and the latest moves."""

    method: str
    samples: np.ndarray  # accepted draws (or the chain's states), in order
    tried: int  # uniforms used (inverse), proposals made (rejection, Metropolis-Hastings)
    accepted: int
    recent_x: np.ndarray = field(default_factory=lambda: np.empty(0))  # latest proposals (or F⁻¹(u))
    recent_y: np.ndarray = field(default_factory=lambda: np.empty(0))  # their height u·M·q(x), or u
    recent_ok: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=bool))
    envelope: float = float("nan")  # rejection: M·q, constant on [lo, hi]
    rate_history: np.ndarray = field(default_factory=lambda: np.empty((0, 2)))  # (proposals, acceptance rate)

    @property
    def acceptance(self) -> float:
        """Accepted / tried (1 for the inverse transform, which rejects nothing)."""
        return self.accepted / self.tried if self.tried else float("nan")


class Sampler:
    """Common bookkeeping: a seeded stream, the draws so far, the latest moves."""

    method = ""

    def __init__(self, target: Target, seed: int = 0):
        if not isinstance(target, Target1D):
            raise ConfigError("target", f"the sampling methods work on a 1-D target; {target.name} is "
                              f"{target.dim}-D")
        self.target = target
        self.rng = np.random.Generator(np.random.PCG64(seed))
        self.lo, self.hi = target.bounds[0]
        self._chunks: list[np.ndarray] = []
        self._count = 0
        self.tried = 0
        self.accepted = 0
        self.recent_x = np.empty(0)
        self.recent_y = np.empty(0)
        self.recent_ok = np.empty(0, dtype=bool)
        self._rates: list[tuple[int, float]] = []

    @property
    def samples(self) -> np.ndarray:
        """Every draw kept so far, in order."""
        if len(self._chunks) > 1:
            self._chunks = [np.concatenate(self._chunks)]
        return self._chunks[0] if self._chunks else np.empty(0)

    def advance(self, n: int) -> None:
        """n more uniforms, proposals or chain steps (nothing once MAX_DRAWS are kept)."""
        if self._count < MAX_DRAWS and n > 0:
            self._advance(int(n))
            if self.tried:
                self._rates.append((self.tried, self.accepted / self.tried))

    def _advance(self, n: int) -> None:
        raise NotImplementedError

    def _keep(self, draws: np.ndarray) -> None:
        self._chunks.append(np.asarray(draws, dtype=np.float64))
        self._count += len(draws)

    def _remember(self, x: np.ndarray, y: np.ndarray, ok: np.ndarray) -> None:
        self.recent_x = np.concatenate([self.recent_x, x])[-RECENT:]
        self.recent_y = np.concatenate([self.recent_y, y])[-RECENT:]
        self.recent_ok = np.concatenate([self.recent_ok, ok])[-RECENT:]

    def state(self) -> SamplerState:
        """A copy of what the view needs."""
        rates = np.array(self._rates, dtype=float).reshape(-1, 2)
        return SamplerState(self.method, self.samples.copy(), self.tried, self.accepted, self.recent_x.copy(),
                            self.recent_y.copy(), self.recent_ok.copy(), self._envelope(), rates)

    def _envelope(self) -> float:
        return float("nan")


class InverseTransform(Sampler):
    """Uniform u on [0, 1] pushed through the target's quantile function F⁻¹: exact draws, none wasted."""

    method = "inverse"

    def _advance(self, n: int) -> None:
        u = self.rng.random(n)
        x = self.target.icdf(u)
        self._keep(x)
        self.tried += n
        self.accepted += n
        self._remember(x, u, np.ones(n, dtype=bool))


class Rejection(Sampler):
    """Propose x uniformly on the target's range [lo, hi]; keep it when u·M·q(x) falls under p(x).

    q = 1/(hi − lo) and M is just above sup p/q, so M·q lies over p everywhere on the range and
    a proposal is kept with probability 1/M (times the target's mass on the range, which the
    bounds make 1 to within 1e-7).
    """

    method = "rejection"

    def __init__(self, target: Target, seed: int = 0):
        super().__init__(target, seed)
        grid = np.linspace(self.lo, self.hi, ENVELOPE_GRID)
        self.q = 1.0 / (self.hi - self.lo)
        self.M = ENVELOPE_MARGIN * float(np.max(target.density(grid[:, None]))) / self.q

    def _advance(self, n: int) -> None:
        x = self.lo + (self.hi - self.lo) * self.rng.random(n)
        y = self.rng.random(n) * self.M * self.q
        ok = y < self.target.density(x[:, None])
        self._keep(x[ok])
        self.tried += n
        self.accepted += int(ok.sum())
        self._remember(x, y, ok)

    def _envelope(self) -> float:
        return self.M * self.q


class MetropolisHastings(Sampler):
    """A random walk x' = x + width·ε, ε ~ N(0, 1), accepted with probability min(1, p(x')/p(x)).

    The walk's stationary law is the target; the draws are correlated, and the chain needs a
    while (burn-in) to forget where it started. `chains` independent walks advance together
    (the tests use many to be quick); `samples` and the trace are those of the first chain.
    """

    method = "metropolis"

    def __init__(self, target: Target, seed: int = 0, width: float = 1.0, start: float | None = None,
                 chains: int = 1):
        super().__init__(target, seed)
        self.width = float(width)
        x0 = self.lo + 0.05 * (self.hi - self.lo) if start is None else float(start)
        self.x = np.full(chains, x0)
        self.p = target.density(self.x[:, None])
        if not np.all(self.p > 0):
            raise ConfigError("sampler.start", f"the chain must start where the target has mass; p({x0:g}) = 0")
        self.all_chains: list[np.ndarray] = []

    def _advance(self, n: int) -> None:
        steps = self.width * self.rng.standard_normal((n, len(self.x)))
        u = self.rng.random((n, len(self.x)))
        trace = np.empty((n, len(self.x)))
        for i in range(n):
            proposal = self.x + steps[i]
            p_new = self.target.density(proposal[:, None])
            ok = u[i] * self.p < p_new  # u < p(x')/p(x), without dividing
            self.x = np.where(ok, proposal, self.x)
            self.p = np.where(ok, p_new, self.p)
            trace[i] = self.x
            self.tried += 1
            self.accepted += int(ok[0])
            self._remember(proposal[:1], np.zeros(1), ok[:1])
        self._keep(trace[:, 0])
        if len(self.x) > 1:
            self.all_chains.append(trace)

    def chains(self) -> np.ndarray:
        """(steps, chains): every chain's states, for tests with many chains."""
        return np.concatenate(self.all_chains) if self.all_chains else self.samples[:, None]

    def set_width(self, width: float) -> None:
        """Change the proposal width; the chain carries on from where it is."""
        self.width = float(width)


def make_sampler(target: Target, params: dict) -> Sampler:
    """A sampler from checked settings (see check_params)."""
    p = check_params(params)
    if p["method"] == "inverse":
        return InverseTransform(target, p["seed"])
    if p["method"] == "rejection":
        return Rejection(target, p["seed"])
    return MetropolisHastings(target, p["seed"], p["width"], p["start"])


def total_variation(samples: np.ndarray, target: Target1D, bins: int = 40) -> float:
    """½ Σ |empirical − true| over equal bins of the target's range (true masses from its cdf)."""
    lo, hi = target.bounds[0]
    edges = np.linspace(lo, hi, bins + 1)
    counts, _ = np.histogram(samples, bins=edges)
    mass = np.diff(target.cdf(edges))
    return 0.5 * float(np.abs(counts / max(len(samples), 1) - mass).sum())
