"""Which settings matter for the current config: one table of rules, read by inactive_reason()."""

from __future__ import annotations

from collections.abc import Callable

from ganviz.core.config import Config
from ganviz.core.opponents import opponent_for


def _trains_d(c: Config) -> bool:
    # the trainer's own test: only a learned discriminator in GAN mode is trained
    return opponent_for(c).trains_d


def _optimizers(c: Config) -> set[str]:
    return {c.optimizer_g, c.optimizer_d} if _trains_d(c) else {c.optimizer_g}


def _networks(c: Config) -> bool:
    return c.target != "dirac"


def _kde_used(c: Config) -> bool:
    # the oracle estimates p_g by KDE; the views do too unless the exact 1-D change of variables applies
    return c.target != "dirac" and (opponent_for(c).d_is_d_star or c.dim == 2 or c.latent_dim > 1)


Rule = tuple[tuple[str, ...], Callable[[Config], bool], str]

# (keys, when the keys matter, why they are greyed out otherwise); a key may appear in several rules
RULES: tuple[Rule, ...] = (
    (("method", "discriminator"), lambda c: c.target != "dirac", "the Dirac-GAN is a fixed GAN game"),
    (("discriminator", "loss", "update"), lambda c: opponent_for(c).through_d, "GMN mode has no discriminator"),
    (("d_steps", "lr_d", "optimizer_d", "regularizer", "reg_weight", "clip", "update", "unroll_steps", "pack",
      "minibatch_std"), _trains_d,
     "the discriminator is not trained (GMN or oracle)"),
    (("clip",), lambda c: c.loss == "wasserstein", "weight clipping applies only with the wasserstein loss"),
    (("reg_weight",), lambda c: c.regularizer != "none", "the regularizer is none"),
    (("d_steps", "g_steps"), lambda c: c.update == "alternating" or not _trains_d(c),
     "simultaneous updates take one step each"),
    (("momentum",), lambda c: "sgd" in _optimizers(c), "no optimizer in use is sgd"),
    (("beta1", "beta2"), lambda c: "adam" in _optimizers(c), "no optimizer in use is adam"),
    (("mmd_estimator",), lambda c: not opponent_for(c).through_d, "used only to train in GMN mode"),
    (("mmd_bandwidths",), _networks, "the Dirac-GAN has no MMD"),
    (("kde_bandwidth",), _kde_used, "used only by the oracle, 2-D targets or latent_dim > 1"),
    (("latent", "latent_dim", "hidden_g", "layers_g", "activation_g", "hidden_d", "layers_d", "activation_d",
      "d_input_scale", "batchnorm", "init", "g_init_spread"), _networks,
     "the Dirac-GAN has no networks"),
    (("hidden_d", "layers_d", "activation_d", "d_input_scale"), _trains_d,
     "no discriminator network is trained (GMN or oracle)"),
    (("dirac.theta0", "dirac.psi0"), lambda c: c.target == "dirac", "used only by the dirac target"),
)


def inactive_reason(key: str, config: Config) -> str | None:
    """Why `key` has no effect under `config`, or None when it matters."""
    for keys, applies, reason in RULES:
        if key in keys and not applies(config):
            return reason
    return None
