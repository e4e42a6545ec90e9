"""The discrete target: a binomial on the integers, for the "GANs and discrete outputs" lesson."""

from __future__ import annotations

import math

import numpy as np
from scipy import special

from ganviz.core.targets.arrays import array_ops
from ganviz.core.targets.base import ParamSpec, Target1D

TAIL_MASS = 1e-7  # bounds drop at most this much mass at each end


class Discrete(Target1D):
    """Binomial(n, p) on {0, …, n}; samples are integers (as float64).

    cdf and icdf are the exact step cdf and its generalised inverse inf{k : F(k) >= u}
    (icdf(0) is 0, the lowest support point, so icdf of uniforms is an exact sampler).

    log_prob and density are of the *dequantised* density: the pmf of k spread uniformly
    over [k − ½, k + ½). It integrates to 1, so density grids, KDE comparisons and the
    oracle discriminator work unchanged; it is −inf (density 0) outside the bins and its
    gradient is 0 everywhere. Note mean/std are those of the integer samples; the
    dequantised density has the same mean and variance std² + 1/12.
    """

    name = "discrete"
    summary = "Binomial(n, p) on the integers 0…n: a generator with continuous outputs can't match it."
    discrete = True
    PARAMS = {
        "n": ParamSpec(10, 1, 50, "Number of trials: the support is 0, 1, …, n.", integer=True),
        "p": ParamSpec(0.3, 0.01, 0.99, "Success probability of each trial."),
    }

    def _setup(self) -> None:
        n, p = self.params["n"], self.params["p"]
        ks = np.arange(n + 1)
        # the binomial's closed forms through scipy.special (scipy.stats takes a second to import)
        self._log_pmf = (special.gammaln(n + 1) - special.gammaln(ks + 1) - special.gammaln(n - ks + 1)
                         + special.xlogy(ks, p) + special.xlog1py(n - ks, -p))
        cdf = special.bdtr(ks, n, p)
        cdf[-1] = 1.0  # exact at the top, so icdf(1) is n
        self._cdf_table = cdf
        # the integers holding all but TAIL_MASS at each end, plus their half-bins and a half-unit margin
        k_lo = int(np.searchsorted(cdf, TAIL_MASS, side="left"))
        k_hi = int(np.searchsorted(cdf, 1 - TAIL_MASS, side="left"))
        self._set_moments(n * p, math.sqrt(n * p * (1 - p)), [(k_lo - 1.0, min(k_hi, n) + 1.0)])

    def _log_prob_1d(self, x):
        n = self.params["n"]
        xp = array_ops(x)
        k = xp.floor(xp.detached(x) + 0.5)
        inside = (k >= 0) & (k <= n)
        idx = xp.index(xp.clip(k, 0, n))
        table = xp.constant(self._log_pmf, like=x)
        # x*0 keeps the result in the graph (zero gradient) so callers can always backprop
        return xp.where(inside, table[idx] + x * 0, xp.full_like(x, float("-inf")))

    def pmf(self, k: np.ndarray) -> np.ndarray:
        """P(X = k) for integers k (0 off the support)."""
        k = np.asarray(k, dtype=np.float64)
        ok = (k >= 0) & (k <= self.params["n"]) & (k == np.floor(k))
        idx = np.where(ok, k, 0).astype(np.int64)
        return np.where(ok, np.exp(self._log_pmf[idx]), 0.0)

    def cdf(self, x):
        """Exact step cdf P(X <= x)."""
        x = np.asarray(x, dtype=np.float64)
        n = self.params["n"]
        idx = np.clip(np.floor(np.nan_to_num(x, nan=0.0, posinf=n, neginf=-1)), -1, n).astype(np.int64)
        out = np.where(idx < 0, 0.0, self._cdf_table[np.maximum(idx, 0)])
        return np.where(np.isnan(x), np.nan, out)

    def icdf(self, u):
        """Generalised inverse: the smallest k in {0, …, n} with cdf(k) >= u."""
        u = np.asarray(u, dtype=np.float64)
        k = np.searchsorted(self._cdf_table, u, side="left")
        return np.where(np.isnan(u), np.nan, np.minimum(k, self.params["n"]).astype(np.float64))

    def _sample(self, rng, n):
        return rng.binomial(self.params["n"], self.params["p"], size=n).astype(np.float64)
