"""What the generator plays against, chosen once from the config: a learned discriminator, the
oracle D* = p_t/(p_t + p_g), or (a generative matching network) no discriminator at all but the
MMD² to the data.

The trainer, the evaluator, the sweep engine and the claims ask the opponent what it does
(whether a D network trains, whether G's loss goes through D's logits, whether the D shown is D*
itself) instead of testing `method` and `discriminator` strings each in its own way. No torch here:
the window and the claims' bookkeeping ask it too.
"""

from __future__ import annotations

from dataclasses import dataclass

from ganviz.core.config import Config


@dataclass(frozen=True)
class Opponent:
    """One kind of opponent and what follows from it."""

    name: str  # "learned", "oracle" or "mmd"
    trains_d: bool  # a D network is trained by its own loss (and can be unrolled, penalised, packed)
    through_d: bool  # G's loss is a GAN loss of D's logits; False: MMD² between real and generated batches
    d_is_d_star: bool  # the D the views show is D* itself, computed from the densities


LEARNED = Opponent("learned", trains_d=True, through_d=True, d_is_d_star=False)
ORACLE = Opponent("oracle", trains_d=False, through_d=True, d_is_d_star=True)
MMD = Opponent("mmd", trains_d=False, through_d=False, d_is_d_star=False)
OPPONENTS = {o.name: o for o in (LEARNED, ORACLE, MMD)}


def opponent_for(cfg: Config) -> Opponent:
    """The opponent a config trains G against (a GMN has no discriminator, whatever `discriminator` says)."""
    return MMD if cfg.method == "gmn" else OPPONENTS[cfg.discriminator]
