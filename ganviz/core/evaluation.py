"""Measuring a run without disturbing it: metrics and the arrays the views draw.

The evaluator holds its own fixed latents and real samples (drawn once from the evaluation
seed), so successive measurements compare like with like and never touch the training RNG.
Networks are put in eval mode (batch norm uses its running statistics) and run without
gradients; their modes are restored afterwards.
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from typing import TYPE_CHECKING

import numpy as np
import torch

from ganviz.core.config import Config
from ganviz.core.grid import Grid, binned_kde, make_grid, smooth
from ganviz.core.kernels import mmd2, witness
from ganviz.core.latent import latent_icdf, sample_latent, stratified_latent
from ganviz.core.losses import LOSSES
from ganviz.core.metrics import jsd, kl, mode_coverage, sliced_w1, value_on_grid, w1_exact_1d

if TYPE_CHECKING:
    from ganviz.core.targets.base import Target
    from ganviz.core.trainer import Trainer

N_EVAL = 2500  # generated and real samples per measurement (the mode-coverage convention)
N_MMD = 1000  # samples per side for MMD² and the witness (the estimator is O(n²))
N_EDGES = 2048  # latent cells for the exact 1-D generated density
N_TRANSFORM = 256  # points on the z ↦ G(z) curve
GRID_1D = 1001
GRID_2D = 160
SUPERSAMPLE_2D = 4  # p_true in 2-D is a cell average over 4×4 points, so narrow modes keep their mass

NAN = float("nan")


@contextmanager
def _evaluating(*modules: torch.nn.Module):
    """Eval mode and no gradients inside; the modules' modes are restored after."""
    modes = [m.training for m in modules]
    try:
        for m in modules:
            m.eval()
        with torch.no_grad():
            yield
    finally:
        for m, mode in zip(modules, modes, strict=True):
            m.train(mode)


def true_density_on_grid(target: Target, grid: Grid) -> np.ndarray:
    """p_t on the grid: exact at the nodes in 1-D, a cell average in 2-D."""
    if grid.dim == 1:
        return target.density(grid.points)
    steps = [ax[1] - ax[0] for ax in grid.axes]
    offsets = (np.arange(SUPERSAMPLE_2D) + 0.5) / SUPERSAMPLE_2D - 0.5
    total = np.zeros(grid.shape)
    for ox in offsets:
        for oy in offsets:
            pts = grid.points + np.array([ox * steps[0], oy * steps[1]])
            total += target.density(pts).reshape(grid.shape)
    return total / SUPERSAMPLE_2D**2


def exact_generated_density(g_at_edges: np.ndarray, grid: Grid) -> np.ndarray:
    """p_g on a 1-D grid by change of variables through G, with G linear within each latent cell.

    Each of the equal-probability latent cells sends its mass uniformly over the x interval
    between G at its two edges (a flat cell becomes a point mass). The generated CDF is
    evaluated at the midpoints between grid nodes and differenced, so mass is conserved exactly.
    """
    x = grid.axes[0]
    dx = x[1] - x[0]
    edges = np.concatenate([[x[0] - dx / 2], (x[:-1] + x[1:]) / 2, [x[-1] + dx / 2]])
    lo = np.minimum(g_at_edges[:-1], g_at_edges[1:])[:, None]
    width = np.abs(np.diff(g_at_edges))[:, None]
    frac = np.clip((edges[None, :] - lo) / np.maximum(width, 1e-300), 0.0, 1.0)
    frac[np.broadcast_to(width == 0, frac.shape) & (edges[None, :] >= lo)] = 1.0
    cdf = frac.mean(axis=0)  # every cell holds 1/N_EDGES of the mass
    return np.diff(cdf) / dx


class Evaluator:
    """Computes metrics and snapshot fields for a trainer's current state."""

    def __init__(self, target: Target, cfg: Config, seed: int):
        self.seed = seed
        self.latent = cfg.latent
        self.is_dirac = cfg.target == "dirac"
        self.exact_1d = target.dim == 1 and cfg.latent_dim == 1 and not self.is_dirac
        gen = torch.Generator().manual_seed(seed)
        if self.exact_1d:
            self.z_eval = torch.from_numpy(stratified_latent(cfg.latent, N_EVAL)[:, None])
        else:
            self.z_eval = sample_latent(cfg.latent, N_EVAL, cfg.latent_dim, gen, torch.float64)
        u_edges = np.linspace(0.0, 1.0, N_EDGES + 1)
        if cfg.latent == "normal":
            u_edges = np.clip(u_edges, 1e-7, 1 - 1e-7)
        self.z_edges = torch.from_numpy(latent_icdf(cfg.latent, u_edges)[:, None])
        self.z_transform = stratified_latent(cfg.latent, N_TRANSFORM)
        self.set_target(target)

    def set_target(self, target: Target) -> None:
        """Recompute everything that depends on the target (its parameters changed)."""
        self.target = target
        self.real_eval = target.sample(np.random.Generator(np.random.PCG64(self.seed)), N_EVAL)
        self._smoothed: dict[float, np.ndarray] = {}
        if self.is_dirac:
            self.grid = None
            return
        self.grid = make_grid(target.bounds, GRID_1D if target.dim == 1 else GRID_2D)
        self.p_true = true_density_on_grid(target, self.grid)
        if self.exact_1d:
            self.ideal_map = target.icdf((np.arange(N_TRANSFORM) + 0.5) / N_TRANSFORM)
            self.quantiles = target.icdf((np.arange(N_EVAL) + 0.5) / N_EVAL)

    def smoothed_true(self, bandwidth: float) -> np.ndarray:
        """p_t blurred by the same kernel as the KDE of p_g, so that equal laws compare equal."""
        if bandwidth not in self._smoothed:
            self._smoothed = {bandwidth: smooth(self.p_true, self.grid, bandwidth)}
        return self._smoothed[bandwidth]

    # ---------------------------------------------------------------------------------------
    def evaluate(self, tr: Trainer, fields: bool) -> tuple[dict, dict]:
        """(snapshot fields or {}, metrics) for the trainer's current state."""
        with _evaluating(tr.G, tr.D):
            if self.is_dirac:
                return self._dirac(tr)
            return self._evaluate(tr, fields)

    def _dirac(self, tr: Trainer) -> tuple[dict, dict]:
        theta, psi = float(tr.G.theta), float(tr.D.psi)
        loss = LOSSES[tr.config.loss]
        zero = torch.zeros(1, 1, dtype=torch.float64)
        r, f = tr.D(zero), tr.D(tr.G.theta.view(1, 1))
        value = float(-torch.nn.functional.softplus(-r) - torch.nn.functional.softplus(f))
        metrics = {"loss_d": float(loss.d_loss(r, f)), "loss_g": float(loss.g_loss(f)), "value": value,
                   "w1": abs(theta), "theta": theta, "psi": psi, "radius": math.hypot(theta, psi),
                   "finite": math.isfinite(theta) and math.isfinite(psi)}
        fields = {"kind": "dirac", "samples": np.array([[theta]]),
                  "extra": {"theta": np.float64(theta), "psi": np.float64(psi)}}
        return fields, metrics

    def _evaluate(self, tr: Trainer, want_fields: bool) -> tuple[dict, dict]:
        cfg, target, grid = tr.config, self.target, self.grid
        dtype = tr.dtype
        gen_t = tr.G(self.z_eval.to(dtype))
        gen = gen_t.double().numpy()
        if not np.isfinite(gen).all():
            return self._nonfinite(gen, want_fields)
        real_t = torch.from_numpy(self.real_eval).to(dtype)
        loss = LOSSES[cfg.loss]
        metrics: dict[str, float] = {}

        # losses on the fixed evaluation batch, without penalties or noise
        if cfg.method == "gmn":
            metrics["loss_d"] = NAN
            metrics["loss_g"] = float(mmd2(real_t[:N_MMD], gen_t[:N_MMD], cfg.mmd_bandwidths,
                                           unbiased=cfg.mmd_estimator == "unbiased"))
        else:
            if cfg.discriminator == "oracle":
                r, f = tr.oracle_logits(real_t, gen_t), tr.oracle_logits(gen_t, gen_t)
            else:
                r, f = tr.D(real_t), tr.D(gen_t)
            metrics["loss_d"] = float(loss.d_loss(r, f))
            metrics["loss_g"] = float(loss.g_loss(f))

        # densities and the discriminators on the grid
        if self.exact_1d:
            p_gen, method = exact_generated_density(tr.G(self.z_edges.to(dtype)).double().numpy()[:, 0], grid), "exact"
            p_cmp = self.p_true
        else:
            p_gen, method = binned_kde(gen, grid, cfg.kde_bandwidth), "kde"
            p_cmp = self.smoothed_true(cfg.kde_bandwidth)
        total = p_cmp + p_gen
        with np.errstate(invalid="ignore", divide="ignore"):
            d_star = np.where(total > 0, p_cmp / total, 0.5)
        points = torch.from_numpy(grid.points).to(dtype)
        if cfg.discriminator == "oracle":
            d_grid = d_star
        else:
            d_grid = loss.prob(tr.D(points)).double().numpy().reshape(grid.shape)
        metrics["value"] = NAN if cfg.method == "gmn" else value_on_grid(p_cmp, p_gen, d_grid, grid)
        metrics["jsd"] = jsd(p_cmp, p_gen, grid)
        metrics["kl"] = kl(p_cmp, p_gen, grid)

        # distances from samples
        if self.exact_1d:
            metrics["w1"] = float(np.mean(np.abs(np.sort(gen[:, 0]) - self.quantiles)))
        elif target.dim == 1:
            metrics["w1"] = w1_exact_1d(gen[:, 0], target.cdf, target.icdf)
        else:
            metrics["w1"] = sliced_w1(gen, self.real_eval)
        metrics["mmd"] = float(mmd2(real_t[:N_MMD], gen_t[:N_MMD], cfg.mmd_bandwidths, unbiased=True))
        if target.modes is not None:
            cover = mode_coverage(gen, target.modes, target.mode_std)
            metrics["modes"] = float(cover["modes"])
            metrics["hq"] = float(cover["hq"])
        metrics["finite"] = True
        if not want_fields:
            return {}, metrics

        fields = {"samples": gen, "p_true": self.p_true, "p_gen": p_gen, "p_gen_method": method,
                  "d": d_grid, "d_star": d_star}
        if cfg.method == "gmn":
            fields["witness"] = witness(points, real_t[:N_MMD], gen_t[:N_MMD],
                                        cfg.mmd_bandwidths).double().numpy().reshape(grid.shape)
        if target.dim == 1:
            fields.update(kind="1d", grid=grid.axes[0])
            if self.exact_1d:
                z = torch.from_numpy(self.z_transform[:, None]).to(dtype)
                fields.update(z=self.z_transform, g_of_z=tr.G(z).double().numpy()[:, 0],
                              ideal_map=self.ideal_map)
        else:
            fields.update(kind="2d", grid_x=grid.axes[0], grid_y=grid.axes[1])
        return fields, metrics

    def _nonfinite(self, gen: np.ndarray, want_fields: bool) -> tuple[dict, dict]:
        metrics = {k: NAN for k in ("loss_d", "loss_g", "value", "jsd", "kl", "w1", "mmd")}
        if self.target.modes is not None:
            metrics.update(modes=NAN, hq=NAN)
        metrics["finite"] = False
        if not want_fields:
            return {}, metrics
        kind = "1d" if self.target.dim == 1 else "2d"
        fields = {"kind": kind, "samples": gen, "p_true": self.p_true}
        if kind == "1d":
            fields["grid"] = self.grid.axes[0]
        else:
            fields.update(grid_x=self.grid.axes[0], grid_y=self.grid.axes[1])
        return fields, metrics
