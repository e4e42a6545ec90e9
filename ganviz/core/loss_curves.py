"""Why some generator losses stall: G's loss and its gradient as functions of D(G(z)).

G only learns through the gradient that reaches it via D's logit ℓ (D = sigmoid(ℓ)). Taken
with autograd from the LOSSES registry itself, ∂loss_G/∂ℓ is −D for the minimax loss
(vanishing when D(G(z)) ≈ 0, which is where a fresh generator starts), −(1 − D) for the
non-saturating loss (strongest there), and −D(1 − D) for the absolute-error loss (weak at both
ends). The same file holds the small rounding demonstration of the discrete-outputs lesson:
round() has derivative 0 almost everywhere, so no gradient passes an integer-valued output.
"""

from __future__ import annotations

import numpy as np
import torch

from ganviz.core.losses import LOSSES

COMPARED = ("minimax", "nonsaturating", "absolute")
EDGE = 1e-3  # D from EDGE to 1 − EDGE: the logit is finite there


def generator_loss_curves(names=COMPARED, n: int = 400) -> dict[str, np.ndarray]:
    """{"d": D values, NAME: G's loss per sample, "grad_" + NAME: ∂loss/∂logit} for each loss."""
    d = np.linspace(EDGE, 1 - EDGE, n)
    out = {"d": d}
    for name in names:
        logit = torch.logit(torch.from_numpy(d)).requires_grad_(True)
        # g_loss averages over its batch; one sample at a time gives the per-sample loss
        losses = torch.stack([LOSSES[name].g_loss(logit[i:i + 1]) for i in range(n)])
        (grad,) = torch.autograd.grad(losses.sum(), logit)
        out[name] = losses.detach().numpy()
        out["grad_" + name] = grad.numpy()
    return out


def mean_d_at(samples: np.ndarray, grid: np.ndarray, d: np.ndarray) -> float:
    """The average D(G(z)) over generated 1-D samples, read off D on the grid (NaN if unknown)."""
    x = np.asarray(samples, dtype=float).reshape(-1)
    ok = np.isfinite(d)
    if not ok.any() or x.size == 0:
        return float("nan")
    return float(np.mean(np.interp(x[np.isfinite(x)], grid[ok], d[ok])))


def rounding_gradient(x: np.ndarray) -> dict[str, np.ndarray]:
    """Gradients of Σ round(x) and of Σ x with respect to x, by autograd: 0 and 1 everywhere."""
    t = torch.as_tensor(np.asarray(x, dtype=np.float64)).requires_grad_(True)
    (through_round,) = torch.autograd.grad(torch.round(t).sum(), t)
    t2 = t.detach().clone().requires_grad_(True)
    (through_identity,) = torch.autograd.grad(t2.sum(), t2)
    return {"round": through_round.numpy(), "identity": through_identity.numpy()}


def rounded_frequencies(samples: np.ndarray, support: np.ndarray) -> np.ndarray:
    """Fraction of the samples that round to each integer of `support`."""
    x = np.asarray(samples, dtype=float).reshape(-1)
    x = x[np.isfinite(x)]
    k = np.round(x)
    return np.array([np.mean(k == s) if x.size else 0.0 for s in support])
