"""A population: many cells of one network shape trained together as one batched model.

Every cell is a Trainer (its own initialisation, target and RNG streams, drawn exactly as a
lone run draws them); only the arithmetic is shared: stacked weights, batched matrix products,
per-cell losses and per-cell optimizer settings. A cell whose loss stops being finite is
frozen where it is and reported as diverged; the other cells never see its numbers.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch

from ganviz.core.config import Config
from ganviz.core.latent import sample_latent
from ganviz.core.losses import LOSSES
from ganviz.core.optim import lr_scale
from ganviz.core.sweep.heap import keep_freed_memory
from ganviz.core.sweep.optim import Lookahead, StackedOptimizer
from ganviz.core.sweep.players import stack_players
from ganviz.core.trainer import Trainer


def _column(configs: list[Config], key: str) -> np.ndarray:
    return np.array([getattr(c, key) for c in configs], dtype=np.float64)


class Population:
    """Cells that differ only in per-cell settings (learning rates, β's, seeds, …), trained in lockstep."""

    def __init__(self, configs: list[Config]):
        keep_freed_memory()
        self.trainers = [Trainer(c) for c in configs]
        self.config = cfg = configs[0]
        self.size = len(configs)
        self.dtype = self.trainers[0].dtype
        self.G, self.D = stack_players([t.G for t in self.trainers], [t.D for t in self.trainers])
        hyper = {k: _column(configs, k) for k in ("momentum", "beta1", "beta2")}
        self.opt_g = StackedOptimizer(cfg.optimizer_g, self.G.params, _column(configs, "lr_g"), **hyper)
        self.opt_d = StackedOptimizer(cfg.optimizer_d, self.D.params, _column(configs, "lr_d"), **hyper)
        loss = LOSSES[cfg.loss]
        self._d_loss = torch.func.vmap(loss.d_loss)  # one loss per cell: the registry's means taken per cell
        self._g_loss = torch.func.vmap(loss.g_loss)
        weights = _column(configs, "reg_weight")
        self.sigma = weights if cfg.regularizer == "instance-noise" else np.zeros(self.size)
        self.penalty_weight = self._cells(weights)
        clip = _column(configs, "clip") if cfg.loss == "wasserstein" else np.zeros(self.size)
        self.clip = clip if (clip > 0).any() else None
        self.active = torch.ones(self.size, dtype=torch.bool)
        self.diverged_step = np.full(self.size, -1)
        self.step_count = 0

    def _cells(self, values: np.ndarray) -> torch.Tensor:
        return torch.as_tensor(values).to(self.dtype)

    # ----- draws: each cell from its own streams, in a lone trainer's order -------------------
    def _real(self, n: int) -> torch.Tensor:
        return torch.from_numpy(np.stack([t.target.sample(t.rng, n) for t in self.trainers])).to(self.dtype)

    def _latent(self, n: int) -> torch.Tensor:
        cfg = self.config
        return torch.stack([sample_latent(cfg.latent, n, cfg.latent_dim, t.gen, self.dtype) for t in self.trainers])

    def _noisy(self, x: torch.Tensor) -> torch.Tensor:
        if not self.sigma.any():
            return x
        shape = x.shape[1:]
        noise = [s * torch.randn(shape, generator=t.gen, dtype=x.dtype) if s != 0 else torch.zeros(shape, dtype=x.dtype)
                 for s, t in zip(self.sigma, self.trainers, strict=True)]
        return x + torch.stack(noise)

    # ----- losses ----------------------------------------------------------------------------
    def _grad_sq_norm(self, x: torch.Tensor, d) -> torch.Tensor:
        x = x.detach().requires_grad_(True)
        (g,) = torch.autograd.grad(d(x).sum(), x, create_graph=True)
        return (g**2).sum(dim=2)

    def _penalty(self, real: torch.Tensor, fake: torch.Tensor, d) -> torch.Tensor | None:
        name, w = self.config.regularizer, self.penalty_weight
        if name == "r1":
            return (0.5 * w) * self._grad_sq_norm(real, d).mean(dim=1)
        if name == "r2":
            return (0.5 * w) * self._grad_sq_norm(fake, d).mean(dim=1)
        if name == "wgan-gp":
            n = min(real.shape[1], fake.shape[1])
            eps = torch.stack([torch.rand(n, 1, generator=t.gen, dtype=real.dtype) for t in self.trainers])
            mix = eps * real[:, :n].detach() + (1 - eps) * fake[:, :n].detach()
            norm = torch.sqrt(self._grad_sq_norm(mix, d) + 1e-12)
            return w * ((norm - 1) ** 2).mean(dim=1)
        return None

    def _d_losses(self, real: torch.Tensor, fake: torch.Tensor, params: list[torch.Tensor] | None = None
                  ) -> torch.Tensor:
        """Each cell's D loss; params: D's weights to use instead of its own (an unrolled copy)."""
        d = lambda x: self.D(x, params=params)  # noqa: E731
        real, fake = self._noisy(real), self._noisy(fake)
        loss = self._d_loss(d(real), d(fake))
        extra = self._penalty(real, fake, d)
        return loss if extra is None else loss + extra

    def _g_losses(self, fake: torch.Tensor) -> torch.Tensor:
        if self.config.unroll_steps > 0:
            return self._g_loss(self.D(self._noisy(fake), params=self._unrolled_d(fake)))
        return self._g_loss(self.D(self._noisy(fake), frozen=True))  # G's step needs no gradient of D's weights

    def _unrolled_d(self, fake: torch.Tensor) -> list[torch.Tensor]:
        """D's weights after unroll_steps differentiable steps of its optimizer on a fresh real batch and
        these generated samples, as a lone trainer unrolls (Metz et al. 2017); D itself does not move."""
        ahead = Lookahead(self.opt_d)
        real = self._real(fake.shape[1])
        flat = self.opt_d.flat.detach().requires_grad_(True)  # G's gradient flows through the steps only
        for _ in range(self.config.unroll_steps):
            loss = self._d_losses(real, fake, ahead.views(flat))
            (g,) = torch.autograd.grad(loss.sum(), flat, create_graph=True)
            flat = ahead.step(flat, g)
            if self.clip is not None:
                c = self._cells(self.clip).view(-1, 1)
                flat = torch.where(c > 0, torch.maximum(torch.minimum(flat, c), -c), flat)
        return ahead.views(flat)

    # ----- updates ---------------------------------------------------------------------------
    def _step_d(self) -> None:
        n = self.config.batch_size
        real = self._real(n)
        with torch.no_grad():
            fake = self.G(self._latent(n))
        loss = self._d_losses(real, fake)
        self.opt_d.step(torch.autograd.grad(loss.sum(), self.D.params), self.active)
        self._clip()
        self._check(loss)

    def _step_g(self) -> None:
        loss = self._g_losses(self.G(self._latent(self.config.batch_size)))
        self.opt_g.step(torch.autograd.grad(loss.sum(), self.G.params), self.active)
        self._check(loss)

    def _step_simultaneous(self) -> None:
        n = self.config.batch_size
        real = self._real(n)
        fake = self.G(self._latent(n))
        loss_d = self._d_losses(real, fake.detach())
        grads_d = torch.autograd.grad(loss_d.sum(), self.D.params)
        loss_g = self._g_losses(fake)
        grads_g = torch.autograd.grad(loss_g.sum(), self.G.params)
        active = self.active.clone()
        self.opt_d.step(grads_d, active)
        self.opt_g.step(grads_g, active)
        self._clip()
        self._check(loss_d)
        self._check(loss_g)

    def _clip(self) -> None:
        if self.clip is None:
            return
        c = self._cells(self.clip).view(-1, 1, 1)
        on = (c > 0) & self.active.view(-1, 1, 1)
        with torch.no_grad():
            for p in self.D.params:
                p.copy_(torch.where(on, torch.maximum(torch.minimum(p, c), -c), p))

    def _check(self, loss: torch.Tensor) -> None:
        bad = self.active & ~torch.isfinite(loss.detach())
        if bad.any():
            self.diverged_step[bad.numpy()] = self.step_count + 1
            self.active &= ~bad

    def iterate(self) -> None:
        """One training iteration of every cell still running."""
        cfg = self.config
        if cfg.lr_halflife > 0 or cfg.lr_warmup > 0:
            factor = lr_scale(cfg, self.step_count)
            self.opt_g.set_lr_scale(factor)
            self.opt_d.set_lr_scale(factor)
        if cfg.update == "simultaneous":
            self._step_simultaneous()
        else:
            for _ in range(cfg.d_steps):
                self._step_d()
            for _ in range(cfg.g_steps):
                self._step_g()
        self.step_count += 1

    def train(self, steps: int, progress: Callable[[int], None] | None = None) -> None:
        """`steps` iterations; progress(cells) is called after each with the model-steps just done."""
        for _ in range(steps):
            if not self.active.any():
                break
            self.iterate()
            if progress:
                progress(self.size)

    def log(self) -> None:
        """Append a record to each running cell's histories, measured by its own trainer's evaluator
        (the weights are written back first; a frozen cell's history ends where it diverged)."""
        self._write_back()
        for i, (t, running) in enumerate(zip(self.trainers, self.active.tolist(), strict=True)):
            if running:
                t.step_count = self.step_count
                t.log()
                if t.status != "ok":  # its samples stopped being finite: freeze it as a loss would
                    self.active[i] = False
                    self.diverged_step[i] = t.diverged_step

    def _write_back(self) -> None:
        self.G.write_back([t.G for t in self.trainers])
        self.D.write_back([t.D for t in self.trainers])

    def finish(self) -> list[Trainer]:
        """The cells' trainers with their final weights, status and divergence written back."""
        self._write_back()
        for t, step in zip(self.trainers, self.diverged_step, strict=True):
            t.step_count = self.step_count if step < 0 else int(step)
            if step >= 0:
                t.status, t.diverged_step = "diverged", int(step)
                t.message = f"diverged: a loss stopped being finite at step {step}"
        return self.trainers
