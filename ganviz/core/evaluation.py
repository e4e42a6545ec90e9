"""Measuring a run without disturbing it: metrics and the arrays the views draw.

The evaluator holds its own fixed latents and real samples (drawn once from the evaluation
seed), so successive measurements compare like with like and never touch the training RNG.
Networks are put in eval mode (batch norm uses its running statistics) and run without
gradients; their modes are restored afterwards.
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import torch

from ganviz.core.config import Config
from ganviz.core.dirac_analysis import PhasePlane
from ganviz.core.grid import Grid, binned_kde, make_grid, smooth
from ganviz.core.kernels import mmd2, witness
from ganviz.core.latent import latent_icdf, sample_latent, stratified_latent
from ganviz.core.losses import LOSSES
from ganviz.core.metrics import d_gap, jsd, kl, mode_coverage, sliced_w1, value_on_grid, w1_exact_1d
from ganviz.core.players import Players
from ganviz.core.view_grid import VIEW_1D, VIEW_2D, true_density_on_grid, view_bounds

if TYPE_CHECKING:
    from ganviz.core.targets.base import Target

N_EVAL = 2500  # generated and real samples per measurement (the mode-coverage convention)
N_MMD = 500  # samples per side for MMD² and the witness (unbiased, O(n²): kept small for speed)
N_EDGES = 2048  # latent cells for the exact 1-D generated density
N_TRANSFORM = 256  # points on the z ↦ G(z) curve
GRID_1D = 1001  # metric grids
GRID_2D = 160
N_VIEW_SAMPLES = 1000  # generated samples drawn by the app's views
GRID_CHUNK = 1024  # grid points per pass of D: its hidden layers then stay in the cache (1.9× as fast as
# one pass over the 2-D view's 16,384 points, measured with 2 × 128 hidden units on these machines)
N_ARROWS = 300  # samples that carry a generator-gradient arrow
LATENT_LINES = 9  # per direction, for the warped latent grid
LATENT_POINTS = 60

NAN = float("nan")
NEGLIGIBLE = 1e-4  # D* is drawn where p_t + p_g exceeds this fraction of its peak


def spread_subset(x, n: int):
    """n rows taken evenly through x: with stratified latents the samples are sorted, so the
    first n would all come from one end of the distribution."""
    return x[:: max(1, len(x) // n)][:n]


@contextmanager
def evaluating(*modules: torch.nn.Module):
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


def nearer_ideal_map(g_of_z: np.ndarray, increasing: np.ndarray) -> tuple[np.ndarray, bool]:
    """The perfect map nearer to G, and whether it is the decreasing one.

    Both F⁻¹(F_Z(z)) and F⁻¹(1 − F_Z(z)) push the latent law onto the target exactly; on the
    stratified latents (u_i = (i + ½)/n, symmetric about ½) the decreasing one is the increasing one
    read backwards. A generator that learned the decreasing map is as perfect as the other.
    """
    decreasing = increasing[::-1]
    if not np.isfinite(g_of_z).all():
        return increasing, False
    nearer = np.mean((g_of_z - decreasing) ** 2) < np.mean((g_of_z - increasing) ** 2)
    return (decreasing, True) if nearer else (increasing, False)


class Space:
    """An evaluation grid with the true density on it (and its smoothed versions, cached)."""

    def __init__(self, target: Target, n: int, bounds: tuple | None = None):
        self.target = target
        self.grid = make_grid(target.bounds if bounds is None else bounds, n)
        self.points = torch.from_numpy(self.grid.points)
        self._smoothed: dict[float, np.ndarray] = {}

    @cached_property
    def p_true(self) -> np.ndarray:
        """Made on first use: a 2-D grid's cell averages take 0.2 s, and a trainer that never measures
        (the app's: its evaluator process measures) should not wait for them before its first step."""
        return true_density_on_grid(self.target, self.grid)

    def smoothed_true(self, bandwidth: float) -> np.ndarray:
        """p_t blurred by the same kernel as the KDE of p_g, so that equal laws compare equal."""
        if bandwidth not in self._smoothed:
            self._smoothed = {bandwidth: smooth(self.p_true, self.grid, bandwidth)}
        return self._smoothed[bandwidth]


class Evaluator:
    """Computes metrics and snapshot fields for a run's players as they are now."""

    def __init__(self, target: Target, cfg: Config, seed: int):
        self.seed = seed
        self.latent = cfg.latent
        self.latent_dim = cfg.latent_dim
        self.is_dirac = cfg.target == "dirac"
        self.phase_plane = PhasePlane() if self.is_dirac else None
        self.exact_1d = target.dim == 1 and cfg.latent_dim == 1 and not self.is_dirac
        gen = torch.Generator().manual_seed(seed)
        if self.exact_1d:
            self.z_eval = torch.from_numpy(stratified_latent(cfg.latent, N_EVAL)[:, None])
            self.z_view = torch.from_numpy(stratified_latent(cfg.latent, N_VIEW_SAMPLES)[:, None])
        else:
            self.z_eval = sample_latent(cfg.latent, N_EVAL, cfg.latent_dim, gen, torch.float64)
            self.z_view = self.z_eval[:N_VIEW_SAMPLES]
        u_edges = np.linspace(0.0, 1.0, N_EDGES + 1)
        if cfg.latent == "normal":
            u_edges = np.clip(u_edges, 1e-7, 1 - 1e-7)
        self.z_edges = torch.from_numpy(latent_icdf(cfg.latent, u_edges)[:, None])
        self.z_transform = stratified_latent(cfg.latent, N_TRANSFORM)
        self.z_lines = self._latent_lines(cfg)
        self.set_target(target)

    def _latent_lines(self, cfg: Config) -> torch.Tensor:
        """(L, P, k) latents along grid lines of the first two latent coordinates (others at the centre)."""
        lo, hi, centre = (0.0, 1.0, 0.5) if cfg.latent == "uniform" else (-2.5, 2.5, 0.0)
        ticks, path = np.linspace(lo, hi, LATENT_LINES), np.linspace(lo, hi, LATENT_POINTS)
        lines = []
        for axis in range(min(2, cfg.latent_dim)):
            for t in ticks if cfg.latent_dim > 1 else ticks[:1]:
                z = np.full((LATENT_POINTS, cfg.latent_dim), centre)
                z[:, axis] = path
                if cfg.latent_dim > 1:
                    z[:, 1 - axis] = t
                lines.append(z)
        return torch.from_numpy(np.stack(lines))

    def set_target(self, target: Target) -> None:
        """Recompute everything that depends on the target (its parameters changed)."""
        self.target = target
        self.real_eval = target.sample(np.random.Generator(np.random.PCG64(self.seed)), N_EVAL)
        if self.is_dirac:
            self.metric_space = self.view_space = None
            return
        self.metric_space = Space(target, GRID_1D if target.dim == 1 else GRID_2D)
        self.view_space = (Space(target, VIEW_1D) if target.dim == 1
                           else Space(target, VIEW_2D, view_bounds(target.bounds)))
        if self.exact_1d:
            self.ideal_map = target.icdf((np.arange(N_TRANSFORM) + 0.5) / N_TRANSFORM)
            self.quantiles = target.icdf((np.arange(N_EVAL) + 0.5) / N_EVAL)

    def prepare(self) -> None:
        """Compute now what the first snapshot and measurement would otherwise compute (the true densities)."""
        for space in (self.view_space, self.metric_space):
            if space is not None:
                space.p_true  # noqa: B018 (a cached property: reading it fills it)

    @property
    def grid(self) -> Grid:
        """The metric grid."""
        return self.metric_space.grid

    # ---------------------------------------------------------------------------------------
    def evaluate(self, run: Players, fields: bool, view: bool = False) -> tuple[dict, dict]:
        """(snapshot fields or {}, metrics) for the players' current state.

        With view=True the fields are made on the lighter view grid, for an app redrawing many
        times a second, and no metrics are computed (it has them from the histories).
        """
        with evaluating(run.G, run.D):
            if self.is_dirac:
                return self._dirac(run, fields)
            # The mode bars count N_EVAL samples; where the view's samples are the first N_VIEW_SAMPLES
            # of that draw, G runs once on all of them (the view then shows a prefix).
            share = view and fields and self.target.modes is not None and not self.exact_1d
            full_t = run.G((self.z_view if view and not share else self.z_eval).to(run.dtype))
            full = full_t.double().numpy()
            if not np.isfinite(full).all():
                return self._nonfinite(full[:N_VIEW_SAMPLES] if share else full, fields)
            gen_t, gen = (full_t[:N_VIEW_SAMPLES], full[:N_VIEW_SAMPLES]) if share else (full_t, full)
            metrics = {} if view else self._metrics(run, gen_t, gen)
            metrics["finite"] = True
            if not fields:
                return {}, metrics
            return self._fields(run, gen_t, gen, self.view_space if view else self.metric_space, full), metrics

    def _dirac(self, run: Players, want_fields: bool = True) -> tuple[dict, dict]:
        theta, psi = float(run.G.theta), float(run.D.psi)
        loss = LOSSES[run.config.loss]
        zero = torch.zeros(1, 1, dtype=torch.float64)
        r, f = run.D(zero), run.D(run.G.theta.view(1, 1))
        value = float(-torch.nn.functional.softplus(-r) - torch.nn.functional.softplus(f))
        metrics = {"loss_d": float(loss.d_loss(r, f)), "loss_g": float(loss.g_loss(f)), "value": value,
                   "w1": abs(theta), "theta": theta, "psi": psi, "radius": math.hypot(theta, psi),
                   "finite": math.isfinite(theta) and math.isfinite(psi)}
        fields = {"kind": "dirac", "samples": np.array([[theta]]),
                  "extra": {"theta": np.float64(theta), "psi": np.float64(psi)}}
        if want_fields:  # the field on the plane and the linearisation at (0, 0), cached per config
            fields["extra"].update(self.phase_plane.fields(run.config, theta, psi))
        return fields, metrics

    def _densities(self, run: Players, gen: np.ndarray, space: Space) -> tuple[np.ndarray, np.ndarray, str]:
        """(p_true as compared, p_gen, method) on a space."""
        if self.exact_1d:
            g_edges = run.G(self.z_edges.to(run.dtype)).double().numpy()[:, 0]
            return space.p_true, exact_generated_density(g_edges, space.grid), "exact"
        bandwidth = run.config.kde_bandwidth
        return space.smoothed_true(bandwidth), binned_kde(gen, space.grid, bandwidth), "kde"

    def _d_on_grid(self, run: Players, space: Space, d_star: np.ndarray, gen_t: torch.Tensor) -> np.ndarray:
        if run.opponent.d_is_d_star:
            return d_star
        # a D that reads batches (packs, minibatch std) scores each point against the generated batch
        points = space.points.to(run.dtype)
        logits = torch.cat([run.D.at_points(points[i:i + GRID_CHUNK], gen_t)
                            for i in range(0, len(points), GRID_CHUNK)])
        return LOSSES[run.config.loss].prob(logits).double().numpy().reshape(space.grid.shape)

    @staticmethod
    def _d_star(p_true: np.ndarray, p_gen: np.ndarray) -> np.ndarray:
        total = p_true + p_gen
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(total > 0, p_true / total, 0.5)

    def _metrics(self, run: Players, gen_t: torch.Tensor, gen: np.ndarray) -> dict:
        cfg, target, space = run.config, self.target, self.metric_space
        real_t = torch.from_numpy(self.real_eval).to(run.dtype)
        loss = LOSSES[cfg.loss]
        opponent = run.opponent
        metrics: dict[str, float] = {}
        # losses on the fixed evaluation batch, without penalties or noise
        if not opponent.through_d:
            metrics["loss_d"] = NAN
            metrics["loss_g"] = float(mmd2(real_t[:N_MMD], spread_subset(gen_t, N_MMD), cfg.mmd_bandwidths,
                                           unbiased=cfg.mmd_estimator == "unbiased"))
        else:
            r, f = run.logits(real_t, gen_t), run.logits(gen_t, gen_t)
            metrics["loss_d"] = float(loss.d_loss(r, f))
            metrics["loss_g"] = float(loss.g_loss(f))
        p_cmp, p_gen, _ = self._densities(run, gen, space)
        if not opponent.through_d:
            metrics["value"] = metrics["d_gap"] = NAN
        else:
            d_star = self._d_star(p_cmp, p_gen)
            d_grid = self._d_on_grid(run, space, d_star, gen_t)
            metrics["value"] = value_on_grid(p_cmp, p_gen, d_grid, space.grid)
            # a critic's score is not a probability, and the oracle is D* itself: no gap to speak of
            learned = opponent.trains_d and not loss.critic
            metrics["d_gap"] = d_gap(p_cmp, p_gen, d_grid, d_star, space.grid) if learned else NAN
        metrics["jsd"] = jsd(p_cmp, p_gen, space.grid)
        metrics["kl"] = kl(p_cmp, p_gen, space.grid)
        if self.exact_1d:
            metrics["w1"] = float(np.mean(np.abs(np.sort(gen[:, 0]) - self.quantiles)))
        elif target.dim == 1:
            metrics["w1"] = w1_exact_1d(gen[:, 0], target.cdf, target.icdf)
        else:
            metrics["w1"] = sliced_w1(gen, self.real_eval)
        metrics["mmd"] = float(mmd2(real_t[:N_MMD], spread_subset(gen_t, N_MMD), cfg.mmd_bandwidths,
                                    unbiased=True))
        if target.modes is not None:
            cover = mode_coverage(gen, target.modes, target.mode_std)
            metrics["modes"] = float(cover["modes"])
            metrics["hq"] = float(cover["hq"])
        return metrics

    def _sample_grad(self, run: Players, gen_t: torch.Tensor) -> tuple[np.ndarray, np.ndarray]:
        """(origins, −∂(G's loss)/∂x there) for N_ARROWS samples: where G is pushing them."""
        x = spread_subset(gen_t, N_ARROWS).detach().clone().requires_grad_(True)
        with torch.enable_grad():
            loss = run.generator_loss(x, torch.from_numpy(self.real_eval[:N_ARROWS]).to(run.dtype))
            (grad,) = torch.autograd.grad(loss, x)
        return x.detach().double().numpy(), -(grad * len(x)).double().numpy()

    def _fields(self, run: Players, gen_t: torch.Tensor, gen: np.ndarray, space: Space, full: np.ndarray) -> dict:
        """The snapshot's fields; `full` is G on the N_EVAL latents when it was drawn (else `gen`)."""
        cfg = run.config
        p_cmp, p_gen, method = self._densities(run, gen, space)
        d_star = self._d_star(p_cmp, p_gen)
        # D* is shown only where the data or the generator has mass: elsewhere it is 0/0 in
        # spirit, and a wall of 1 in the far tails would hide the picture.
        total = p_cmp + p_gen
        with np.errstate(invalid="ignore"):
            shown = np.where(total > NEGLIGIBLE * np.nanmax(total), d_star, np.nan)
        d_grid = shown if run.opponent.d_is_d_star else self._d_on_grid(run, space, d_star, gen_t)
        fields = {"samples": gen, "p_true": space.p_true, "p_gen": p_gen, "p_gen_method": method,
                  "d": d_grid, "d_star": shown}
        if method == "kde":
            fields["p_true_smooth"] = p_cmp
        fields["arrow_origin"], fields["sample_grad"] = self._sample_grad(run, gen_t)
        if not run.opponent.through_d:  # the MMD's witness function stands where D would
            real_t = torch.from_numpy(self.real_eval[:N_MMD]).to(run.dtype)
            fields["witness"] = witness(space.points.to(run.dtype), real_t, spread_subset(gen_t, N_MMD),
                                        cfg.mmd_bandwidths).double().numpy().reshape(space.grid.shape)
        fields.update(self._grid_fields(space))
        if self.target.modes is not None:
            fields.update(self._mode_fields(run, gen, full))
        if self.exact_1d:
            z = torch.from_numpy(self.z_transform[:, None]).to(run.dtype)
            g_of_z = run.G(z).double().numpy()[:, 0]
            ideal, decreasing = nearer_ideal_map(g_of_z, self.ideal_map)
            fields.update(z=self.z_transform, g_of_z=g_of_z, ideal_map=ideal,
                          extra={"ideal_decreasing": np.bool_(decreasing)})
        elif self.target.dim == 2:
            lines = self.z_lines
            warped = run.G(lines.reshape(-1, lines.shape[-1]).to(run.dtype)).double().numpy()
            fields["latent_lines"] = warped.reshape(lines.shape[0], lines.shape[1], 2)
        return fields

    def _mode_fields(self, run: Players, gen: np.ndarray, full: np.ndarray) -> dict:
        """Each drawn sample's mode (−1: not high quality) and each mode's share of the N_EVAL samples."""
        modes, std = self.target.modes, self.target.mode_std
        if len(full) != N_EVAL:  # the 1-D views draw their own stratified latents
            full = run.G(self.z_eval.to(run.dtype)).double().numpy()
        coverage = mode_coverage(full, modes, std)
        prefix = np.may_share_memory(gen, full)  # the view shows the first samples of `full`
        shown = coverage["assignment"][:len(gen)] if prefix else mode_coverage(gen, modes, std)["assignment"]
        return {"sample_mode": shown, "mode_share": coverage["counts"] / len(full)}

    def _grid_fields(self, space: Space) -> dict:
        """The kind of snapshot and the axes of its grid."""
        if self.target.dim == 1:
            return {"kind": "1d", "grid": space.grid.axes[0]}
        (x0, x1), (y0, y1) = self.target.bounds
        return {"kind": "2d", "grid_x": space.grid.axes[0], "grid_y": space.grid.axes[1],
                "frame": (float(x0), float(x1), float(y0), float(y1))}

    def _nonfinite(self, gen: np.ndarray, want_fields: bool) -> tuple[dict, dict]:
        metrics = {k: NAN for k in ("loss_d", "loss_g", "value", "d_gap", "jsd", "kl", "w1", "mmd")}
        if self.target.modes is not None:
            metrics.update(modes=NAN, hq=NAN)
        metrics["finite"] = False
        if not want_fields:
            return {}, metrics
        space = self.metric_space
        fields = {"samples": gen, "p_true": space.p_true}
        fields.update(self._grid_fields(space))
        return fields, metrics
