"""Gaussian kernels in torch: MMD², the MMD witness and a log-KDE, all differentiable in their inputs."""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch
from torch import Tensor

# rows of query points handled at once, so a fine grid against a batch stays within memory
_CHUNK = 4096


def _sq_dist(x: Tensor, y: Tensor) -> Tensor:
    """(n, m) squared Euclidean distances, summed coordinate by coordinate.

    Differences are taken directly rather than through ‖x‖² + ‖y‖² − 2x·y, which cancels badly
    and can go negative; no square root is taken, so gradients stay finite at zero distance.
    """
    d2 = (x[:, 0, None] - y[None, :, 0]).square()
    for k in range(1, x.shape[1]):
        d2 = d2 + (x[:, k, None] - y[None, :, k]).square()
    return d2


def gaussian_kernel(x: Tensor, y: Tensor, bandwidths: Sequence[float]) -> Tensor:
    """(n, m) sum over σ in `bandwidths` of exp(−‖x−y‖²/(2σ²)); unnormalised, so one σ gives k(x, x) = 1."""
    if len(bandwidths) == 0:
        raise ValueError("at least one bandwidth is needed")
    d2 = _sq_dist(x, y)
    out = torch.exp(d2 * (-0.5 / float(bandwidths[0]) ** 2))
    for s in bandwidths[1:]:
        out = out + torch.exp(d2 * (-0.5 / float(s) ** 2))
    return out


def mmd2(x: Tensor, y: Tensor, bandwidths: Sequence[float], unbiased: bool) -> Tensor:
    """Squared MMD between samples x (n, d) and y (m, d).

    Biased: the V-statistic, mean over all pairs including i = j. Unbiased: the U-statistic, the
    xx and yy diagonals removed (needs n, m ≥ 2); it can be slightly negative.
    """
    n, m = x.shape[0], y.shape[0]
    kxx = gaussian_kernel(x, x, bandwidths)
    kyy = gaussian_kernel(y, y, bandwidths)
    kxy = gaussian_kernel(x, y, bandwidths)
    if not unbiased:
        return kxx.mean() + kyy.mean() - 2.0 * kxy.mean()
    if n < 2 or m < 2:
        raise ValueError("the unbiased MMD² needs at least two samples on each side")
    xx = (kxx.sum() - kxx.diagonal().sum()) / (n * (n - 1))
    yy = (kyy.sum() - kyy.diagonal().sum()) / (m * (m - 1))
    return xx + yy - 2.0 * kxy.mean()


def witness(points: Tensor, x_real: Tensor, x_gen: Tensor, bandwidths: Sequence[float]) -> Tensor:
    """(p,) MMD witness f(t) = mean_j k(t, real_j) − mean_j k(t, gen_j); positive where data is denser."""
    parts = []
    for chunk in points.split(_CHUNK):
        real = gaussian_kernel(chunk, x_real, bandwidths).mean(dim=1)
        parts.append(real - gaussian_kernel(chunk, x_gen, bandwidths).mean(dim=1))
    return torch.cat(parts) if parts else points.new_zeros(0)


def kde_log_density(points: Tensor, samples: Tensor, bandwidth: float) -> Tensor:
    """(p,) log of the normalised isotropic Gaussian KDE of `samples` at `points`, via logsumexp.

    log p̂(t) = logsumexp_i(−‖t − s_i‖²/(2h²)) − log n − (d/2)·log(2πh²), d taken from the data.
    Differentiable in both points and samples (the oracle discriminator trains G through it).
    """
    n, d = samples.shape
    h2 = float(bandwidth) ** 2
    const = math.log(n) + 0.5 * d * math.log(2.0 * math.pi * h2)
    parts = [torch.logsumexp(-_sq_dist(chunk, samples) / (2.0 * h2), dim=1) - const
             for chunk in points.split(_CHUNK)]
    return torch.cat(parts) if parts else points.new_zeros(0)
