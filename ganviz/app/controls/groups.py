"""The order of the controls: which section each config key is shown in."""

from __future__ import annotations

from collections.abc import Iterable

TARGET_PARAMS = "target.*"  # stands for the current target's parameters, whatever they are

# Only orders keys: widgets come from key_specs(), and keys not listed here land in "Other".
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Data", ("target", TARGET_PARAMS, "latent", "latent_dim")),
    ("Method", ("method", "discriminator", "loss", "clip", "regularizer", "reg_weight",
                "mmd_bandwidths", "mmd_estimator", "kde_bandwidth")),
    ("Mode collapse", ("unroll_steps", "pack", "minibatch_std")),
    ("Training", ("update", "d_steps", "g_steps", "lr_g", "lr_d", "lr_halflife", "lr_warmup", "optimizer_g",
                  "optimizer_d", "momentum", "beta1", "beta2", "batch_size", "log_every")),
    ("Networks", ("network", "hidden_g", "layers_g", "activation_g", "hidden_d", "layers_d", "activation_d",
                  "d_input_scale", "batchnorm", "init", "g_init_spread")),
    ("Dirac-GAN", ("dirac.theta0", "dirac.psi0")),
    ("Run", ("seed",)),
)
OTHER = "Other"


def is_target_param(key: str) -> bool:
    """Whether a key is one of the current target's parameters (`target.NAME`)."""
    return key.startswith("target.")


def group_keys(keys: Iterable[str]) -> list[tuple[str, list[str]]]:
    """(section title, keys in display order) for these keys; empty sections are left out."""
    remaining = list(keys)
    out: list[tuple[str, list[str]]] = []
    for title, pattern in GROUPS:
        chosen: list[str] = []
        for entry in pattern:
            if entry == TARGET_PARAMS:
                chosen += [k for k in remaining if is_target_param(k)]
            elif entry in remaining:
                chosen.append(entry)
        remaining = [k for k in remaining if k not in chosen]
        if chosen:
            out.append((title, chosen))
    if remaining:
        out.append((OTHER, remaining))
    return out


def target_params_section() -> str:
    """The title of the section that holds the target's parameters."""
    return next(title for title, pattern in GROUPS if TARGET_PARAMS in pattern)
