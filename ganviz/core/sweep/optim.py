"""Optimizers for stacked parameters, with one learning rate (and β's, momentum) per cell.

They follow torch.optim's single-tensor updates step for step (SGD with momentum, Adam,
RMSprop with its defaults), so a cell moves as a lone torch optimizer would, to rounding.
Cells whose run diverged are frozen: their parameters no longer change.
"""

from __future__ import annotations

import numpy as np
import torch

ADAM_EPS = 1e-8  # torch.optim.Adam's default
RMSPROP_ALPHA, RMSPROP_EPS = 0.99, 1e-8  # torch.optim.RMSprop's defaults
KINDS = ("sgd", "adam", "rmsprop")


class StackedOptimizer:
    """One optimizer kind over stacked (C, ...) parameters, with per-cell hyperparameters."""

    def __init__(self, kind: str, params: list[torch.Tensor], lr, momentum, beta1, beta2):
        if kind not in KINDS:
            raise ValueError(f"optimizer {kind!r}")
        self.kind = kind
        self.params = params
        self.dtype = params[0].dtype
        self.lr = np.asarray(lr, dtype=np.float64)
        self.beta1 = np.asarray(beta1, dtype=np.float64)
        self.beta2 = np.asarray(beta2, dtype=np.float64)
        self._momentum = self._cells(momentum)
        self._neg_lr = self._cells(-self.lr)
        self._one_minus_b1 = self._cells(1 - self.beta1)
        self._b2 = self._cells(self.beta2)
        self._one_minus_b2 = self._cells(1 - self.beta2)
        self.steps = 0
        self.state = [None] * len(params)

    def _cells(self, values) -> torch.Tensor:
        """Per-cell numbers as a (C, 1, 1) tensor in the parameters' dtype (as torch casts its scalars)."""
        return torch.as_tensor(np.asarray(values, dtype=np.float64)).to(self.dtype).view(-1, 1, 1)

    @torch.no_grad()
    def step(self, grads: list[torch.Tensor], active: torch.Tensor) -> None:
        """Apply one update; cells where `active` (C,) is False keep their parameters."""
        self.steps += 1
        if self.kind == "adam":
            self._set_adam_scalars()
        keep = active.view(-1, 1, 1)
        for i, (p, g) in enumerate(zip(self.params, grads, strict=True)):
            update = getattr(self, f"_{self.kind}")(i, g)
            p.add_(torch.where(keep, update, torch.zeros((), dtype=p.dtype)))

    def _sgd(self, i: int, g: torch.Tensor) -> torch.Tensor:
        if self.state[i] is None:
            self.state[i] = g.clone()
        else:
            self.state[i].mul_(self._momentum).add_(g)
        return self._neg_lr * self.state[i]

    def _adam(self, i: int, g: torch.Tensor) -> torch.Tensor:
        if self.state[i] is None:
            self.state[i] = (torch.zeros_like(g), torch.zeros_like(g))
        exp_avg, exp_avg_sq = self.state[i]
        exp_avg.lerp_(g, self._one_minus_b1)
        exp_avg_sq.mul_(self._b2).add_(self._one_minus_b2 * g * g)
        denom = (exp_avg_sq.sqrt() / self._bc2_sqrt).add_(ADAM_EPS)
        return self._neg_step * exp_avg / denom

    def _set_adam_scalars(self) -> None:
        # bias corrections in double, as torch computes them in Python floats
        step_size = self.lr / (1 - self.beta1**self.steps)
        self._neg_step = self._cells(-step_size)
        self._bc2_sqrt = self._cells(np.sqrt(1 - self.beta2**self.steps))

    def _rmsprop(self, i: int, g: torch.Tensor) -> torch.Tensor:
        if self.state[i] is None:
            self.state[i] = torch.zeros_like(g)
        square_avg = self.state[i]
        square_avg.mul_(RMSPROP_ALPHA).addcmul_(g, g, value=1 - RMSPROP_ALPHA)
        return self._neg_lr * g / square_avg.sqrt().add_(RMSPROP_EPS)
