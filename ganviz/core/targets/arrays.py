"""One density formula for two array libraries: torch (the trainer, which needs gradients) and numpy
(the window, which draws the true density without importing torch).

A target's `_log_prob` takes `xp = array_ops(x)` and writes its formula with operators and these
functions only, so both libraries run the same lines; reductions take `axis` in both.
"""

from __future__ import annotations

import numpy as np

from ganviz.core.lazy import torch


class NumpyOps:
    """numpy behind the names the targets use."""

    where = staticmethod(np.where)
    full_like = staticmethod(np.full_like)
    ones_like = staticmethod(np.ones_like)
    log = staticmethod(np.log)
    log1p = staticmethod(np.log1p)
    abs = staticmethod(np.abs)
    floor = staticmethod(np.floor)
    remainder = staticmethod(np.remainder)

    @staticmethod
    def logsumexp(a, axis: int):
        """log Σ exp(a) along `axis`, shifted by the largest term so nothing overflows (scipy's takes 2.3×
        as long, for checks these arrays never need; the true densities on the views' grids are made here)."""
        top = np.max(a, axis=axis, keepdims=True)
        top = np.where(np.isfinite(top), top, 0.0)  # a row all −inf stays −inf, and +inf stays +inf
        with np.errstate(divide="ignore", over="ignore"):  # log 0 = −inf and exp(+inf) = +inf are meant
            return np.log(np.sum(np.exp(a - top), axis=axis)) + np.squeeze(top, axis=axis)

    @staticmethod
    def stack(arrays, axis: int = 0):
        return np.stack(arrays, axis=axis)

    @staticmethod
    def sum(a, axis: int):
        return np.sum(a, axis=axis)

    @staticmethod
    def constant(values, like):
        """`values` as an array of `like`'s kind and dtype (a table or centres the formula reads)."""
        return np.asarray(values, dtype=like.dtype)

    @staticmethod
    def detached(a):
        return a

    @staticmethod
    def index(a):
        """Float indices as integers, for looking up a table."""
        return a.astype(np.int64)

    @staticmethod
    def clip(a, lo, hi):
        return np.clip(a, lo, hi)


class TorchOps:
    """torch behind the same names (imported on first use)."""

    @staticmethod
    def where(c, a, b):
        return torch.where(c, a, b)

    @staticmethod
    def full_like(a, v):
        return torch.full_like(a, v)

    @staticmethod
    def ones_like(a):
        return torch.ones_like(a)

    @staticmethod
    def log(a):
        return torch.log(a)

    @staticmethod
    def log1p(a):
        return torch.log1p(a)

    @staticmethod
    def abs(a):
        return torch.abs(a)

    @staticmethod
    def floor(a):
        return torch.floor(a)

    @staticmethod
    def remainder(a, b):
        return torch.remainder(a, b)

    @staticmethod
    def logsumexp(a, axis: int):
        return torch.logsumexp(a, dim=axis)

    @staticmethod
    def stack(arrays, axis: int = 0):
        return torch.stack(list(arrays), dim=axis)

    @staticmethod
    def sum(a, axis: int):
        return a.sum(axis)

    @staticmethod
    def constant(values, like):
        return torch.as_tensor(values, dtype=like.dtype, device=like.device)

    @staticmethod
    def detached(a):
        return a.detach()

    @staticmethod
    def index(a):
        return a.long()

    @staticmethod
    def clip(a, lo, hi):
        return a.clamp(lo, hi)


NUMPY, TORCH = NumpyOps(), TorchOps()


def array_ops(x) -> NumpyOps | TorchOps:
    """The functions for `x`'s library: numpy for a numpy array, torch otherwise."""
    return NUMPY if isinstance(x, np.ndarray | np.generic) else TORCH
