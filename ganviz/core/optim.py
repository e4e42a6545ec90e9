"""Optimizers by name, and changing their settings between steps without losing state."""

from __future__ import annotations

import torch

from ganviz.core.config import Config


def make_optimizer(name: str, params, lr: float, cfg: Config) -> torch.optim.Optimizer:
    """A fresh optimizer of this kind over `params`."""
    params = list(params)
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr, momentum=cfg.momentum)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr, betas=(cfg.beta1, cfg.beta2))
    return torch.optim.RMSprop(params, lr=lr)


def lr_scale(cfg: Config, step: int) -> float:
    """The factor on both learning rates at iteration `step` (from 0): the warm-up ramp
    min(1, (step+1)/lr_warmup) times the decay 2^(−step/lr_halflife); each is 1 when off."""
    warm = 1.0 if cfg.lr_warmup <= 0 else min(1.0, (step + 1) / cfg.lr_warmup)
    return warm if cfg.lr_halflife <= 0 else warm * 2.0 ** (-step / cfg.lr_halflife)


def retune(opt: torch.optim.Optimizer, lr: float, cfg: Config) -> None:
    """Apply new hyperparameters in place, keeping moment estimates."""
    for group in opt.param_groups:
        group["lr"] = lr
        if "momentum" in group and isinstance(opt, torch.optim.SGD):
            group["momentum"] = cfg.momentum
        if "betas" in group:
            group["betas"] = (cfg.beta1, cfg.beta2)


def optimizer_kind(opt: torch.optim.Optimizer) -> str:
    """The registry name of an optimizer instance."""
    return {torch.optim.SGD: "sgd", torch.optim.Adam: "adam", torch.optim.RMSprop: "rmsprop"}[type(opt)]
