"""A run's two players as the evaluator measures them, and the generator's loss against them.

The evaluator is handed this instead of the trainer: G, D, the config, the dtype, and a
callable giving D's logits (the learned D's, or the oracle D*'s from the target and a KDE of
the generated samples). The trainer trains with the same generator loss, so the arrows the
views draw are the gradients G is really following.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch

from ganviz.core.config import Config
from ganviz.core.kernels import mmd2
from ganviz.core.losses import LOSSES
from ganviz.core.opponents import Opponent, opponent_for

# (points x, the generated batch) → D's logits at x; the oracle needs the batch for its p_g
Logits = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


def generator_loss(cfg: Config, logits: Logits, fake: torch.Tensor, real: torch.Tensor | None) -> torch.Tensor:
    """G's loss for generated points `fake`: a GAN loss of D's logits, or (no D) MMD² to `real`."""
    if not opponent_for(cfg).through_d:
        return mmd2(real, fake, cfg.mmd_bandwidths, unbiased=cfg.mmd_estimator == "unbiased")
    return LOSSES[cfg.loss].g_loss(logits(fake, fake))


@dataclass(frozen=True)
class Players:
    """What measuring a run needs of it; made afresh for each measurement, as the trainer may swap its players."""

    G: torch.nn.Module
    D: torch.nn.Module
    config: Config
    dtype: torch.dtype
    logits: Logits

    @property
    def opponent(self) -> Opponent:
        """What G plays against in this run."""
        return opponent_for(self.config)

    def generator_loss(self, fake: torch.Tensor, real: torch.Tensor | None) -> torch.Tensor:
        """G's loss for generated points `fake`, as training computes it (without noise or penalties)."""
        return generator_loss(self.config, self.logits, fake, real)
