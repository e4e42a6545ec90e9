"""GAN losses as a registry: name -> how D and G score logits.

Logits are 'realness' scores: D(x) = sigmoid(logit) for the probabilistic losses.
Both functions return losses to minimize.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch.nn.functional import softplus


@dataclass(frozen=True)
class Loss:
    """How the two players score a batch of real and generated logits."""

    name: str
    d_loss: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]  # (real_logits, fake_logits)
    g_loss: Callable[[torch.Tensor], torch.Tensor]                # (fake_logits)
    prob: Callable[[torch.Tensor], torch.Tensor]                  # logits -> what the views show as D(x)
    critic: bool = False  # D's output is a score, not a probability (wasserstein, hinge)


def _cross_entropy_d(r, f):
    # −[log D(x_t) + log(1 − D(G(z)))] with D = sigmoid(logit), in a stable form
    return softplus(-r).mean() + softplus(f).mean()


LOSSES: dict[str, Loss] = {
    # Goodfellow et al. 2014: G minimizes log(1 − D(G(z))), which saturates when D wins.
    "minimax": Loss("minimax", _cross_entropy_d, lambda f: -softplus(f).mean(), torch.sigmoid),
    # G maximizes log D(G(z)) instead: same fixed point, strong gradients early.
    "nonsaturating": Loss("nonsaturating", _cross_entropy_d, lambda f: softplus(-f).mean(), torch.sigmoid),
    # The seeds' absolute error: D minimizes (1 − D(x_t)) + D(G(z)); G maximizes it.
    "absolute": Loss(
        "absolute",
        lambda r, f: (1 - torch.sigmoid(r)).mean() + torch.sigmoid(f).mean(),
        lambda f: (1 - torch.sigmoid(f)).mean(),
        torch.sigmoid,
    ),
    # Mao et al. 2017 (a=0, b=c=1): D's raw output regresses 1 on real, 0 on generated;
    # its optimum is p_t/(p_t+p_g), so the raw output is what the views show, clamped to [0, 1].
    "least-squares": Loss(
        "least-squares",
        lambda r, f: 0.5 * ((r - 1) ** 2).mean() + 0.5 * (f**2).mean(),
        lambda f: 0.5 * ((f - 1) ** 2).mean(),
        lambda x: x.clamp(0.0, 1.0),
    ),
    # Arjovsky et al. 2017: the critic maximizes E[D(x_t)] − E[D(G(z))].
    "wasserstein": Loss("wasserstein", lambda r, f: f.mean() - r.mean(), lambda f: -f.mean(),
                        torch.sigmoid, critic=True),
    # Lim & Ye 2017 / Miyato et al. 2018.
    "hinge": Loss(
        "hinge",
        lambda r, f: torch.relu(1 - r).mean() + torch.relu(1 + f).mean(),
        lambda f: -f.mean(),
        torch.sigmoid,
        critic=True,
    ),
}
