"""Continuous 1-D targets with closed-form density, cdf and quantile function (bimodal: numeric quantile)."""

from __future__ import annotations

import math

import numpy as np
from scipy import special

from ganviz.core.errors import ConfigError
from ganviz.core.targets.arrays import array_ops
from ganviz.core.targets.base import ParamSpec, Target1D, normal_log_pdf

GAUSS_Z = 6.0  # Gaussian bounds are mean ± 6 std: 2e-9 of the mass outside
NEG_INF = float("-inf")


def _arr(x) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


def _where_inside(inside, value):
    """value where inside, -inf elsewhere (value must be finite everywhere so gradients stay finite)."""
    xp = array_ops(value)
    return xp.where(inside, value, xp.full_like(value, NEG_INF))


class Gaussian(Target1D):
    """N(mean, std²)."""

    name = "gaussian"
    summary = "A single normal distribution N(mean, std²)."
    PARAMS = {
        "mean": ParamSpec(4.0, -10.0, 10.0, "Centre of the bell curve."),
        "std": ParamSpec(1.25, 0.05, 10.0, "Standard deviation: the width of the bell curve.", log=True),
    }

    def _setup(self) -> None:
        m, s = self.params["mean"], self.params["std"]
        self._set_moments(m, s, [(m - GAUSS_Z * s, m + GAUSS_Z * s)])

    def _log_prob_1d(self, x):
        return normal_log_pdf(x, self.params["mean"], self.params["std"])

    def cdf(self, x):
        """Normal cdf."""
        return special.ndtr((_arr(x) - self.params["mean"]) / self.params["std"])

    def icdf(self, u):
        """Normal quantile."""
        return self.params["mean"] + self.params["std"] * special.ndtri(_arr(u))

    def _sample(self, rng, n):
        return rng.normal(self.params["mean"], self.params["std"], size=n)


class Bimodal(Target1D):
    """w·N(mu1, std²) + (1 − w)·N(mu2, std²): the default teaching example (mode collapse)."""

    name = "bimodal"
    summary = "Two normal bumps of equal width: the classic mode-collapse example."
    PARAMS = {
        "weight": ParamSpec(0.5, 0.01, 0.99, "Share of the mass in the first bump (at mu1)."),
        "mu1": ParamSpec(-2.0, -10.0, 10.0, "Centre of the first bump."),
        "mu2": ParamSpec(2.0, -10.0, 10.0, "Centre of the second bump."),
        "std": ParamSpec(0.5, 0.05, 5.0, "Width (standard deviation) of each bump.", log=True),
    }

    def _setup(self) -> None:
        w, m1, m2, s = (self.params[k] for k in ("weight", "mu1", "mu2", "std"))
        mean = w * m1 + (1 - w) * m2
        var = s * s + w * (1 - w) * (m1 - m2) ** 2
        lo, hi = min(m1, m2), max(m1, m2)
        self._set_moments(mean, math.sqrt(var), [(lo - GAUSS_Z * s, hi + GAUSS_Z * s)],
                          modes=[[m1], [m2]], mode_std=s)

    def _log_prob_1d(self, x):
        w, m1, m2, s = (self.params[k] for k in ("weight", "mu1", "mu2", "std"))
        xp = array_ops(x)
        parts = xp.stack([math.log(w) + normal_log_pdf(x, m1, s), math.log1p(-w) + normal_log_pdf(x, m2, s)])
        return xp.logsumexp(parts, axis=0)  # stays finite far from both modes

    def cdf(self, x):
        """Weighted sum of the two normal cdfs."""
        w, m1, m2, s = (self.params[k] for k in ("weight", "mu1", "mu2", "std"))
        x = _arr(x)
        return w * special.ndtr((x - m1) / s) + (1 - w) * special.ndtr((x - m2) / s)

    def icdf(self, u):
        """Quantile by vectorised bisection to machine precision (no closed form)."""
        m1, m2, s = self.params["mu1"], self.params["mu2"], self.params["std"]
        u = _arr(u)
        out = np.full(u.shape, np.nan)
        out[u == 0] = -np.inf
        out[u == 1] = np.inf
        inner = (u > 0) & (u < 1)
        ui = u[inner]
        # the mixture cdf lies between its components' cdfs, so its quantile lies between theirs
        q1, q2 = m1 + s * special.ndtri(ui), m2 + s * special.ndtri(ui)
        out[inner] = bisect_increasing(self.cdf, ui, np.minimum(q1, q2), np.maximum(q1, q2))
        return out

    def _sample(self, rng, n):
        first = rng.random(n) < self.params["weight"]
        centre = np.where(first, self.params["mu1"], self.params["mu2"])
        return centre + self.params["std"] * rng.standard_normal(n)


def bisect_increasing(f, y: np.ndarray, lo: np.ndarray, hi: np.ndarray, max_iter: int = 200) -> np.ndarray:
    """Smallest x in [lo, hi] (to machine precision) with f(x) >= y, for increasing f, elementwise."""
    lo, hi = lo.copy(), hi.copy()
    for _ in range(max_iter):
        mid = 0.5 * (lo + hi)
        done = (mid <= lo) | (mid >= hi)  # no float left between lo and hi
        if done.all():
            break
        below = f(mid) < y
        lo = np.where(below & ~done, mid, lo)
        hi = np.where(~below & ~done, mid, hi)
    return hi


class Uniform(Target1D):
    """Uniform on [low, high]."""

    name = "uniform"
    summary = "Flat density on an interval [low, high]: sharp edges."
    PARAMS = {
        "low": ParamSpec(-2.0, -10.0, 10.0, "Left end of the interval."),
        "high": ParamSpec(2.0, -10.0, 10.0, "Right end of the interval (must exceed low)."),
    }

    def _check(self) -> None:
        low, high = self.params["low"], self.params["high"]
        if not low < high:
            raise ConfigError("target.high", f"must be greater than target.low ({low:g}), got {high:g}")

    def _setup(self) -> None:
        low, high = self.params["low"], self.params["high"]
        width = high - low
        pad = 0.05 * width  # the support is exact; the margin just shows the edges
        self._set_moments((low + high) / 2, width / math.sqrt(12), [(low - pad, high + pad)])

    def _log_prob_1d(self, x):
        low, high = self.params["low"], self.params["high"]
        flat = x * 0 - math.log(high - low)  # x*0 keeps the graph: gradient 0, not missing
        return _where_inside((x >= low) & (x <= high), flat)

    def cdf(self, x):
        """Linear ramp from low to high."""
        low, high = self.params["low"], self.params["high"]
        return np.clip((_arr(x) - low) / (high - low), 0.0, 1.0)

    def icdf(self, u):
        """low + u·(high − low)."""
        low, high = self.params["low"], self.params["high"]
        return low + _arr(u) * (high - low)

    def _sample(self, rng, n):
        return rng.uniform(self.params["low"], self.params["high"], size=n)


class Exponential(Target1D):
    """Exponential with rate λ, shifted to start at loc."""

    name = "exponential"
    summary = "Exponential decay from a sharp left edge at loc: skewed, one-sided."
    PARAMS = {
        "rate": ParamSpec(1.0, 0.05, 20.0, "Decay rate λ: the mean distance from the edge is 1/λ.", log=True),
        "loc": ParamSpec(0.0, -10.0, 10.0, "Left edge of the support."),
    }
    TAIL = 16.0  # exp(-16) = 1e-7 of the mass beyond loc + 16/λ

    def _setup(self) -> None:
        rate, loc = self.params["rate"], self.params["loc"]
        span = self.TAIL / rate
        self._set_moments(loc + 1 / rate, 1 / rate, [(loc - 0.05 * span, loc + span)])

    def _log_prob_1d(self, x):
        rate, loc = self.params["rate"], self.params["loc"]
        return _where_inside(x >= loc, math.log(rate) - rate * (x - loc))

    def cdf(self, x):
        """1 − exp(−λ(x − loc)) on the support."""
        rate, loc = self.params["rate"], self.params["loc"]
        return -np.expm1(-rate * np.maximum(_arr(x) - loc, 0.0))

    def icdf(self, u):
        """loc − log(1 − u)/λ."""
        with np.errstate(divide="ignore"):
            return self.params["loc"] - np.log1p(-_arr(u)) / self.params["rate"]

    def _sample(self, rng, n):
        return self.params["loc"] + rng.exponential(1 / self.params["rate"], size=n)


class Laplace(Target1D):
    """Laplace (double exponential) with location and scale."""

    name = "laplace"
    summary = "Double exponential: a sharp peak with heavier-than-normal tails."
    PARAMS = {
        "loc": ParamSpec(0.0, -10.0, 10.0, "Position of the peak."),
        "scale": ParamSpec(1.0, 0.05, 10.0, "Scale b: the mean distance from the peak.", log=True),
    }
    TAIL = 16.0  # exp(-16) = 1e-7 of the mass beyond loc ± 16 b

    def _setup(self) -> None:
        loc, b = self.params["loc"], self.params["scale"]
        self._set_moments(loc, math.sqrt(2) * b, [(loc - self.TAIL * b, loc + self.TAIL * b)])

    def _log_prob_1d(self, x):
        loc, b = self.params["loc"], self.params["scale"]
        return -array_ops(x).abs(x - loc) / b - math.log(2 * b)

    def cdf(self, x):
        """½·exp(−|x − loc|/b) reflected about the peak."""
        loc, b = self.params["loc"], self.params["scale"]
        x = _arr(x)
        half_tail = 0.5 * np.exp(-np.abs(x - loc) / b)
        return np.where(x < loc, half_tail, 1.0 - half_tail)

    def icdf(self, u):
        """loc ∓ b·log(2·min(u, 1 − u))."""
        loc, b = self.params["loc"], self.params["scale"]
        u = _arr(u)
        with np.errstate(divide="ignore"):
            dist = -b * np.log(2 * np.minimum(u, 1 - u))
        return loc + np.sign(u - 0.5) * dist

    def _sample(self, rng, n):
        return rng.laplace(self.params["loc"], self.params["scale"], size=n)


class LogNormal(Target1D):
    """exp(Y) with Y ~ N(mu, sigma²)."""

    name = "lognormal"
    summary = "exp of a normal: positive, right-skewed with a long tail."
    PARAMS = {
        "mu": ParamSpec(0.0, -2.0, 2.0, "Mean of the underlying normal (log of the median)."),
        "sigma": ParamSpec(0.5, 0.1, 1.0, "Std of the underlying normal: larger is more skewed.", log=True),
    }
    Z = 5.3  # 6e-8 of the mass beyond each end of exp(mu ± 5.3 sigma)

    def _setup(self) -> None:
        mu, sg = self.params["mu"], self.params["sigma"]
        mean = math.exp(mu + sg * sg / 2)
        std = math.sqrt(math.expm1(sg * sg)) * mean
        self._set_moments(mean, std, [(math.exp(mu - self.Z * sg), math.exp(mu + self.Z * sg))])

    def _log_prob_1d(self, x):
        mu, sg = self.params["mu"], self.params["sigma"]
        xp = array_ops(x)
        pos = x > 0
        logx = xp.log(xp.where(pos, x, xp.ones_like(x)))  # safe log: no NaN gradient for x <= 0
        return _where_inside(pos, normal_log_pdf(logx, mu, sg) - logx)

    def cdf(self, x):
        """Normal cdf of log x (0 for x <= 0)."""
        x = _arr(x)
        with np.errstate(divide="ignore", invalid="ignore"):
            z = (np.log(np.where(x > 0, x, 1.0)) - self.params["mu"]) / self.params["sigma"]
        return np.where(x > 0, special.ndtr(z), 0.0)

    def icdf(self, u):
        """exp(mu + sigma·Φ⁻¹(u))."""
        return np.exp(self.params["mu"] + self.params["sigma"] * special.ndtri(_arr(u)))

    def _sample(self, rng, n):
        return rng.lognormal(self.params["mu"], self.params["sigma"], size=n)


class Beta(Target1D):
    """Beta(a, b) on [0, 1]; a, b >= 1 keep the density bounded."""

    name = "beta"
    summary = "A bounded bump on [0, 1] whose skew follows a and b."
    PARAMS = {
        "a": ParamSpec(2.0, 1.0, 50.0, "Shape a: larger pushes mass towards 1.", log=True),
        "b": ParamSpec(5.0, 1.0, 50.0, "Shape b: larger pushes mass towards 0.", log=True),
    }

    def _setup(self) -> None:
        a, b = self.params["a"], self.params["b"]
        mean = a / (a + b)
        var = a * b / ((a + b) ** 2 * (a + b + 1))
        self._log_norm = special.betaln(a, b)
        self._set_moments(mean, math.sqrt(var), [(-0.02, 1.02)])

    def _log_prob_1d(self, x):
        a, b = self.params["a"], self.params["b"]
        xp = array_ops(x)
        inside = (x >= 0) & (x <= 1)
        xs = xp.where(inside, x, xp.full_like(x, 0.5))  # outside: a harmless point, masked below
        lp = xs * 0 - self._log_norm
        # an exponent of 0 drops its term, so a = 1 or b = 1 give the finite edge value, not 0·log 0
        if a != 1:
            lp = lp + (a - 1) * xp.log(xs)
        if b != 1:
            lp = lp + (b - 1) * xp.log1p(-xs)
        return _where_inside(inside, lp)

    def cdf(self, x):
        """Regularised incomplete beta function."""
        return special.betainc(self.params["a"], self.params["b"], np.clip(_arr(x), 0.0, 1.0))

    def icdf(self, u):
        """Inverse regularised incomplete beta function."""
        return special.betaincinv(self.params["a"], self.params["b"], _arr(u))

    def _sample(self, rng, n):
        return rng.beta(self.params["a"], self.params["b"], size=n)
