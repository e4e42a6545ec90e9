"""The Dirac-GAN's gradient field and its linearisation at the equilibrium (Mescheder et al. 2018).

Everything is differentiated by autograd through the trainer's own pieces: the model classes,
the LOSSES registry and the regularizers, composed in the trainer's order (noise on D's
inputs, D's loss plus its penalty, consensus on both). No formula is typed in here.

Many points (θ_p, ψ_p) are played in one batch. Every loss is a mean of per-sample terms,
so P × the loss of the concatenated batch is the sum of the points' own losses, and its
gradient in (θ_p, ψ_p) is the gradient of point p's loss alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from numpy.polynomial.hermite_e import hermegauss
from torch.func import functional_call

from ganviz.core import regularizers
from ganviz.core.config import Config
from ganviz.core.losses import LOSSES
from ganviz.core.models import DiracDiscriminator, DiracGenerator

DTYPE = torch.float64
N_NOISE = 32  # Gauss–Hermite nodes for the expectation over instance noise
CIRCLE_TOL = 1e-6  # |largest modulus − 1| below this counts as circling
SMOOTH_RTOL = 1e-4  # autograd and central differences must agree this well for J to exist
FD_STEP = 1e-5
FIELD_POINTS = 21  # arrows per side of the plane
MIN_HALF_WIDTH = 2.0


def noise_nodes(n: int = N_NOISE) -> tuple[np.ndarray, np.ndarray]:
    """Gauss–Hermite nodes and weights (summing to 1) for expectations over ε ~ N(0, 1).

    Exact for polynomials of degree < 2n; the smooth losses here are integrated to rounding error.
    """
    nodes, weights = hermegauss(n)
    return nodes, weights / weights.sum()


class _Points:
    """P Dirac-GANs (θ_p, ψ_p) played at once, one sample each, on the trainer's model classes."""

    def __init__(self, theta: torch.Tensor, psi: torch.Tensor):
        self.count = len(theta)
        self._g, self._d = DiracGenerator(0.0), DiracDiscriminator(0.0)
        self._theta, self._psi = theta[:, None], psi[:, None]

    def generated(self) -> torch.Tensor:
        """(P, 1): each point's θ."""
        z = torch.zeros(self.count, 1, dtype=DTYPE)
        return functional_call(self._g, {"theta": self._theta}, (z,))

    def D(self, x: torch.Tensor) -> torch.Tensor:
        """Realness logits of (P, 1) inputs, row p scored by point p's ψ."""
        return functional_call(self._d, {"psi": self._psi}, (x,))


def player_losses(cfg: Config, theta: torch.Tensor, psi: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(Σ_p L_D, Σ_p L_G) over the points (θ_p, ψ_p), as the trainer composes them; instance noise in expectation."""
    pts = _Points(theta, psi)
    noisy = cfg.regularizer == "instance-noise" and cfg.reg_weight > 0
    nodes, weights = noise_nodes() if noisy else (np.zeros(1), np.ones(1))
    loss, scale = LOSSES[cfg.loss], float(pts.count)
    loss_d = loss_g = 0.0
    for eps, weight in zip(nodes, weights, strict=True):
        # noise is added to real and generated points alike; each loss is a sum of a real and a
        # generated mean, so one node for both gives each expectation
        shift = cfg.reg_weight * float(eps) if noisy else 0.0
        real = torch.zeros(pts.count, 1, dtype=DTYPE) + shift  # the data: all at 0
        fake = pts.generated() + shift
        d_part = loss.d_loss(pts.D(real), pts.D(fake))
        # the penalties draw only WGAN-GP's mixing weights, which do not matter here (∇ₓ D = −ψ everywhere)
        extra = regularizers.penalty(cfg.regularizer, cfg.reg_weight, pts.D, real, fake,
                                     torch.Generator().manual_seed(0))
        if extra is not None:
            d_part = d_part + extra
        loss_d = loss_d + weight * scale * d_part
        loss_g = loss_g + weight * scale * loss.g_loss(pts.D(fake))
    if cfg.regularizer == "consensus":  # Σ_p γ/2‖v_p‖²: each point's gradients depend on its own θ_p, ψ_p only
        term = regularizers.consensus(cfg.reg_weight, loss_d, [psi], loss_g, [theta])
        loss_d, loss_g = loss_d + term, loss_g + term
    return loss_d, loss_g


def _field(cfg: Config, theta: torch.Tensor, psi: torch.Tensor, create_graph: bool) -> tuple[torch.Tensor, ...]:
    if not (theta.requires_grad and psi.requires_grad):
        theta, psi = theta.detach().requires_grad_(True), psi.detach().requires_grad_(True)
    with torch.enable_grad():
        loss_d, loss_g = player_losses(cfg, theta, psi)
        (g_theta,) = torch.autograd.grad(loss_g, theta, create_graph=create_graph, retain_graph=True)
        (g_psi,) = torch.autograd.grad(loss_d, psi, create_graph=create_graph)
    return -g_theta, -g_psi


def gradient_field(cfg: Config, theta, psi) -> tuple[np.ndarray, np.ndarray]:
    """v = (−∂L_G/∂θ, −∂L_D/∂ψ) at the points (θ_i, ψ_i): where each player's descent moves it."""
    t = torch.as_tensor(np.ravel(theta), dtype=DTYPE)
    p = torch.as_tensor(np.ravel(psi), dtype=DTYPE)
    v_theta, v_psi = _field(cfg, t, p, create_graph=False)
    shape = np.shape(theta)
    return v_theta.numpy().reshape(shape), v_psi.numpy().reshape(shape)


def _field_at(cfg: Config, x: torch.Tensor) -> torch.Tensor:
    """v at the single point x = (θ, ψ), differentiable in x."""
    v_theta, v_psi = _field(cfg, x[:1], x[1:2], create_graph=True)
    return torch.cat([v_theta, v_psi])


def jacobian(cfg: Config, at=(0.0, 0.0)) -> np.ndarray:
    """∂v/∂(θ, ψ) at a point (the equilibrium by default), rows v_θ, v_ψ."""
    x = torch.tensor(at, dtype=DTYPE)
    return torch.autograd.functional.jacobian(lambda y: _field_at(cfg, y), x).numpy()


def _difference_jacobian(cfg: Config, at=(0.0, 0.0)) -> np.ndarray:
    cols = []
    for k in range(2):
        step = np.zeros(2)
        step[k] = FD_STEP
        hi = gradient_field(cfg, np.array([at[0] + step[0]]), np.array([at[1] + step[1]]))
        lo = gradient_field(cfg, np.array([at[0] - step[0]]), np.array([at[1] - step[1]]))
        cols.append((np.concatenate(hi) - np.concatenate(lo)) / (2 * FD_STEP))
    return np.stack(cols, axis=1)


def analysed_by_step_map(cfg: Config) -> bool:
    """Whether the optimizers make a fixed linear step map near the equilibrium (SGD, with or without momentum)."""
    return cfg.optimizer_g == "sgd" and cfg.optimizer_d == "sgd"


def step(cfg: Config, state: torch.Tensor) -> torch.Tensor:
    """One trainer iteration with SGD: (θ, ψ[, momentum buffers b_θ, b_ψ]) -> the next state.

    Simultaneous: both players step from the same point. Alternating: d_steps D steps, then
    g_steps G steps from the new ψ (the trainer's order). With momentum μ, PyTorch's SGD keeps
    b ← μ·b + ∂loss and moves by −lr·b.
    """
    mu = cfg.momentum
    theta, psi = state[:1], state[1:2]
    b_theta, b_psi = (state[2:3], state[3:4]) if mu > 0 else (None, None)

    def move(x, b, v, lr):
        b = -v if b is None else mu * b - v
        return x - lr * b, (b if mu > 0 else None)

    if cfg.update == "simultaneous":
        v = _field_at(cfg, torch.cat([theta, psi]))
        theta, b_theta_new = move(theta, b_theta, v[:1], cfg.lr_g)
        psi, b_psi = move(psi, b_psi, v[1:], cfg.lr_d)
        b_theta = b_theta_new
    else:
        for _ in range(cfg.d_steps):
            psi, b_psi = move(psi, b_psi, _field_at(cfg, torch.cat([theta, psi]))[1:], cfg.lr_d)
        for _ in range(cfg.g_steps):
            theta, b_theta = move(theta, b_theta, _field_at(cfg, torch.cat([theta, psi]))[:1], cfg.lr_g)
    parts = [theta, psi] + ([b_theta, b_psi] if mu > 0 else [])
    return torch.cat(parts)


def step_jacobian(cfg: Config) -> np.ndarray | None:
    """The Jacobian of one iteration's map at the equilibrium (None for Adam or RMSprop: not a fixed linear map)."""
    if not analysed_by_step_map(cfg):
        return None
    size = 4 if cfg.momentum > 0 else 2
    x = torch.zeros(size, dtype=DTYPE)
    return torch.autograd.functional.jacobian(lambda s: step(cfg, s), x).numpy()


@dataclass(frozen=True)
class DiracAnalysis:
    """The linearisation at (0, 0) and what it predicts."""

    jacobian: np.ndarray  # (2, 2) ∂v/∂(θ, ψ); NaN where v has no derivative
    eigenvalues: np.ndarray  # (2,) complex, sorted by real part then imaginary part
    step_moduli: np.ndarray  # |eigenvalues| of the step map, largest first (empty: no linear step map)
    verdict: str  # "converges", "circles", "diverges" or "undefined"
    summary: str  # one line that says why


def _rate(rho: float) -> str:
    return f"the distance {'shrinks' if rho < 1 else 'grows'} about {abs(rho - 1) * 100:.2g} % a step"


def _judge(cfg: Config, eigenvalues: np.ndarray, moduli: np.ndarray) -> tuple[str, str]:
    if len(moduli):
        rho = float(moduli[0])
        word = "circles" if abs(rho - 1) <= CIRCLE_TOL else ("converges" if rho < 1 else "diverges")
        why = {"circles": f"the step map's largest |eigenvalue| is {rho:.7f} = 1: the distance neither "
                          "shrinks nor grows",
               "converges": f"the step map's largest |eigenvalue| is {rho:.7f} < 1: {_rate(rho)}",
               "diverges": f"the step map's largest |eigenvalue| is {rho:.7f} > 1: {_rate(rho)}"}[word]
    else:
        re = float(np.max(eigenvalues.real))
        word = "circles" if abs(re) <= CIRCLE_TOL else ("converges" if re < 0 else "diverges")
        why = (f"in continuous time (largest Re λ = {re:.4g}); {cfg.optimizer_g}/{cfg.optimizer_d} steps "
               "are not a fixed linear map, so the step size is not accounted for")
    if word == "diverges" and cfg.loss == "wasserstein" and cfg.clip > 0:
        why += f"; clipping then holds |ψ| ≤ {cfg.clip:g}, so it orbits instead of converging"
    return word, f"{word}: {why}"


def analyse(cfg: Config) -> DiracAnalysis:
    """The Jacobian of the field at the equilibrium, its eigenvalues, the step map's moduli and a verdict."""
    jac = jacobian(cfg)
    scale = max(1.0, float(np.abs(jac).max()))
    if not np.allclose(jac, _difference_jacobian(cfg), rtol=SMOOTH_RTOL, atol=SMOOTH_RTOL * scale):
        nan = np.full((2, 2), np.nan)
        return DiracAnalysis(nan, np.full(2, np.nan + 0j), np.empty(0), "undefined",
                             "undefined: the field has a kink at (0, 0) (no Jacobian), so no linear verdict; "
                             "watch the trajectory")
    eig = np.linalg.eigvals(jac)
    eig = eig[np.lexsort((eig.imag, eig.real))]
    step_jac = step_jacobian(cfg)
    moduli = np.empty(0) if step_jac is None else np.sort(np.abs(np.linalg.eigvals(step_jac)))[::-1]
    word, summary = _judge(cfg, eig, moduli)
    return DiracAnalysis(jac, eig, moduli, word, summary)


def describe_step(cfg: Config) -> str:
    """Which step map the moduli belong to, in words."""
    if not analysed_by_step_map(cfg):
        return f"{cfg.optimizer_g} (G) / {cfg.optimizer_d} (D): no fixed linear step map"
    order = ("both from the same point" if cfg.update == "simultaneous"
             else f"{cfg.d_steps} D step{'s' * (cfg.d_steps > 1)}, then {cfg.g_steps} G step{'s' * (cfg.g_steps > 1)}")
    momentum = f", momentum {cfg.momentum:g}" if cfg.momentum > 0 else ""
    return f"{cfg.update} SGD ({order}), h_G = {cfg.lr_g:g}, h_D = {cfg.lr_d:g}{momentum}"


def half_width(cfg: Config, theta: float, psi: float) -> float:
    """The plane's half-width: a power of 2 holding the start and the current point with a margin."""
    reach = 1.15 * max(abs(cfg.dirac.theta0), abs(cfg.dirac.psi0), abs(theta), abs(psi), 1e-9)
    if not math.isfinite(reach):
        return MIN_HALF_WIDTH
    return max(MIN_HALF_WIDTH, 2.0 ** math.ceil(math.log2(reach)))


def field_grid(cfg: Config, half: float, n: int = FIELD_POINTS) -> dict[str, np.ndarray]:
    """The field on an n × n grid over [−half, half]²: axes and (n, n) components, rows along ψ."""
    axis = np.linspace(-half, half, n)
    tt, pp = np.meshgrid(axis, axis)
    u, v = gradient_field(cfg, tt, pp)
    return {"plane_theta": axis, "plane_psi": axis, "plane_u": u, "plane_v": v}


class PhasePlane:
    """Snapshot fields for the phase-plane view, recomputed only when the config or the plane's size changes."""

    def __init__(self):
        self._analysis_key: str | None = None
        self._field_key: tuple | None = None
        self._analysis: dict = {}
        self._field: dict = {}

    def fields(self, cfg: Config, theta: float, psi: float) -> dict:
        """The field on the plane, the linearisation at (0, 0) and the verdict, as arrays for Snapshot.extra."""
        key = cfg.to_json()
        if key != self._analysis_key:
            a = analyse(cfg)
            self._analysis = {"jacobian": a.jacobian, "eig_re": a.eigenvalues.real, "eig_im": a.eigenvalues.imag,
                              "step_moduli": a.step_moduli, "verdict": np.str_(a.verdict),
                              "verdict_line": np.str_(a.summary), "step_map": np.str_(describe_step(cfg))}
            self._analysis_key = key
        half = half_width(cfg, theta, psi)
        if (key, half) != self._field_key:
            self._field = field_grid(cfg, half)
            self._field_key = (key, half)
        return {**self._field, **self._analysis}
