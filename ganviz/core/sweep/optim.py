"""Optimizers for stacked parameters, with one learning rate (and β's, momentum) per cell.

They follow torch.optim's single-tensor updates step for step (SGD with momentum, Adam,
RMSprop with its defaults), so a cell moves as a lone torch optimizer would, to rounding.
Cells whose run diverged are frozen: their parameters no longer change.
"""

from __future__ import annotations

import numpy as np
import torch

from ganviz.core.remedies import safe_sqrt

ADAM_EPS = 1e-8  # torch.optim.Adam's default
RMSPROP_ALPHA, RMSPROP_EPS = 0.99, 1e-8  # torch.optim.RMSprop's defaults
KINDS = ("sgd", "adam", "rmsprop")


class StackedOptimizer:
    """One optimizer kind over stacked (C, ...) parameters, with per-cell hyperparameters.

    The parameters are moved into one (C, P) buffer (each stays a tensor of its own shape, a view
    of its columns), so an update is a dozen operations on one tensor instead of a dozen per
    parameter.
    """

    def __init__(self, kind: str, params: list[torch.Tensor], lr, momentum, beta1, beta2):
        if kind not in KINDS:
            raise ValueError(f"optimizer {kind!r}")
        self.kind = kind
        self.params = params
        self.flat = _pack(params)
        self.dtype = self.flat.dtype
        self.lr = np.asarray(lr, dtype=np.float64)
        self.beta1 = np.asarray(beta1, dtype=np.float64)
        self.beta2 = np.asarray(beta2, dtype=np.float64)
        self._momentum = self._cells(momentum)
        self._neg_lr = self._cells(-self.lr)
        self._one_minus_b1 = self._cells(1 - self.beta1)
        self._b2 = self._cells(self.beta2)
        self._one_minus_b2 = self._cells(1 - self.beta2)
        self.lr_scale = 1.0
        self.steps = 0
        self.state = None

    def set_lr_scale(self, factor: float) -> None:
        """Multiply every cell's learning rate by `factor` from the next step on (a decay schedule)."""
        self.lr_scale = factor
        self._neg_lr = self._cells(-(self.lr * factor))

    def _cells(self, values) -> torch.Tensor:
        """Per-cell numbers as a (C, 1) tensor in the parameters' dtype (as torch casts its scalars)."""
        return torch.as_tensor(np.asarray(values, dtype=np.float64)).to(self.dtype).view(-1, 1)

    @torch.no_grad()
    def step(self, grads: list[torch.Tensor], active: torch.Tensor) -> None:
        """Apply one update; cells where `active` (C,) is False keep their parameters."""
        self.steps += 1
        g = torch.cat([g.reshape(len(g), -1) for g in grads], dim=1)
        update = getattr(self, f"_{self.kind}")(g)
        self.flat.add_(torch.where(active.view(-1, 1), update, torch.zeros((), dtype=self.dtype)))

    def _sgd(self, g: torch.Tensor) -> torch.Tensor:
        if self.state is None:
            self.state = g.clone()
        else:
            self.state.mul_(self._momentum).add_(g)
        return self._neg_lr * self.state

    def _adam(self, g: torch.Tensor) -> torch.Tensor:
        if self.state is None:
            self.state = (torch.zeros_like(g), torch.zeros_like(g))
        exp_avg, exp_avg_sq = self.state
        exp_avg.lerp_(g, self._one_minus_b1)
        exp_avg_sq.mul_(self._b2).add_(self._one_minus_b2 * g * g)
        # bias corrections in double, as torch computes them in Python floats
        neg_step = self._cells(-(self.lr * self.lr_scale) / (1 - self.beta1**self.steps))
        bc2_sqrt = self._cells(np.sqrt(1 - self.beta2**self.steps))
        denom = (exp_avg_sq.sqrt() / bc2_sqrt).add_(ADAM_EPS)
        return neg_step * exp_avg / denom

    def _rmsprop(self, g: torch.Tensor) -> torch.Tensor:
        if self.state is None:
            self.state = torch.zeros_like(g)
        self.state.mul_(RMSPROP_ALPHA).addcmul_(g, g, value=1 - RMSPROP_ALPHA)
        return self._neg_lr * g / self.state.sqrt().add_(RMSPROP_EPS)


class Lookahead:
    """Steps of a StackedOptimizer's rule taken as differentiable operations on a copy of its
    (C, P) parameter buffer (the unrolled GAN's D): neither the parameters nor the optimizer's
    state change. Each step follows remedies.unrolled_parameters' rules, cell by cell."""

    def __init__(self, opt: StackedOptimizer):
        self.opt = opt
        self.t = opt.steps
        self.state = opt.state  # replaced, never written in place

    def views(self, flat: torch.Tensor) -> list[torch.Tensor]:
        """flat's columns as tensors shaped like the optimizer's parameters (differentiable)."""
        out, start = [], 0
        for p in self.opt.params:
            size = p[0].numel()
            out.append(flat[:, start:start + size].reshape(p.shape))
            start += size
        return out

    def step(self, flat: torch.Tensor, g: torch.Tensor) -> torch.Tensor:
        """flat after one step with gradient g (both (C, P))."""
        opt = self.opt
        self.t += 1
        lr = opt.lr * opt.lr_scale
        if opt.kind == "sgd":
            buf = g if self.state is None else opt._momentum * self.state + g
            self.state = buf
            return flat + opt._cells(-lr) * buf
        if opt.kind == "adam":
            m, v = (torch.zeros_like(g), torch.zeros_like(g)) if self.state is None else self.state
            m = m * opt._cells(opt.beta1) + opt._one_minus_b1 * g
            v = v * opt._b2 + opt._one_minus_b2 * g * g
            self.state = (m, v)
            denom = safe_sqrt(v) / opt._cells(np.sqrt(1 - opt.beta2**self.t)) + ADAM_EPS
            return flat + opt._cells(-lr / (1 - opt.beta1**self.t)) * m / denom
        v = torch.zeros_like(g) if self.state is None else self.state
        v = v * RMSPROP_ALPHA + (1 - RMSPROP_ALPHA) * g * g
        self.state = v
        return flat + opt._cells(-lr) * g / (safe_sqrt(v) + RMSPROP_EPS)


@torch.no_grad()
def _pack(params: list[torch.Tensor]) -> torch.Tensor:
    """Copy the (C, ...) parameters into one (C, P) buffer and make each a view of its columns."""
    cells = len(params[0])
    flat = torch.cat([p.detach().reshape(cells, -1) for p in params], dim=1)
    start = 0
    for p in params:
        size = p[0].numel()
        inner = p[0].shape
        strides = (flat.stride(0), *torch.empty(inner).stride())
        p.set_(flat.untyped_storage(), flat.storage_offset() + start, p.shape, strides)
        start += size
    return flat
