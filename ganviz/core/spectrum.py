"""The spectrum of a run's game: eigenvalues of the Jacobian of both players' joint gradient field.

The field is v(θ_G, θ_D) = (−∇_G L_G, −∇_D L_D): where plain simultaneous gradient steps would move
the two players' parameters. Its Jacobian J at the current point decides whether small deviations
shrink, grow or turn: eigenvalues with a large imaginary part and a small real part are the
rotation behind GANs' oscillation (Mescheder, Nowozin & Geiger 2017, "The Numerics of GANs"). For
simultaneous steps of size h, deviations along an eigenvector are multiplied by 1 + hλ each step, so
the steps are locally stable where every |1 + hλ| < 1.

The losses are the trainer's own (its loss, penalties, instance noise and consensus, in its order),
evaluated on a twin of the run (Trainer.probe) with one fixed batch drawn from a stream of its own
(seeded by the run's seed and step), so the training state and its streams are never touched.
Derivatives are by autograd, not torch.func: R1, WGAN-GP and consensus differentiate a gradient
already, which torch.func's transforms cannot see through. J is never formed for large players:
products Jᵀu (one backward pass each) feed scipy's Arnoldi iteration, and Jᵀ has J's eigenvalues.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np
import torch

from ganviz.core.errors import ConfigError

EXACT_MAX_PARAMS = 3000  # up to this many parameters in all, J is formed and solved exactly
DEFAULT_K = 6  # eigenvalues of each kind (largest real part, modulus, imaginary part) by Arnoldi
ARNOLDI_TOL = 1e-6  # relative accuracy asked of ARPACK
# Krylov basis size: the largest real parts of a GAN's J cluster (0.409, 0.397, 0.396, … on ring-8 at
# step 500), and a basis of 150 vectors needed 544 products there where 40 needed 4,823 (34,179 parameters)
ARNOLDI_NCV = 150
ARNOLDI_MAXITER = 20  # restarts (≤ ~3,000 products); the eigenvalues converged by then are kept, with residuals
CIRCLE_TOL = 1e-6  # |largest |1 + hλ| − 1| below this counts as circling, as on the Dirac page
SEED_SALT = 0x5EC7  # the measuring stream: seeded by (run seed, step, this), never a training stream


def unsupported(trainer) -> str | None:
    """Why this run's game has no spectrum here, or None when it has one."""
    opponent = trainer.opponent
    if not opponent.trains_d:
        return (f"the spectrum is of a two-player game, and with the {opponent.name} opponent only G is "
                "trained (choose discriminator=learned and method=gan)")
    if trainer.config.unroll_steps > 0:
        return ("with unrolling, G's loss is taken against D after k further steps whose dependence on D's "
                "parameters ganviz does not differentiate; set unroll_steps=0 for the spectrum")
    return None


class Cancelled(Exception):
    """A solve stopped through GameField.stop (the view closed, the run moved on, the process quits)."""


class GameField:
    """The joint gradient field of a run at its current point, on one fixed batch, and its derivatives.
    Setting `stop` (from another thread) makes the next product raise Cancelled."""

    def __init__(self, trainer, batch: int | None = None):
        why = unsupported(trainer)
        if why:
            raise ConfigError("spectrum", why)
        cfg = trainer.config
        seed = int(np.random.SeedSequence([cfg.seed, trainer.step_count, SEED_SALT]).generate_state(1)[0])
        probe = trainer.probe(seed)
        self.config, self.step = cfg, trainer.step_count
        self.params_g = [p for p in probe.G.parameters() if p.requires_grad]
        self.params_d = [p for p in probe.D.parameters() if p.requires_grad]
        self.params = self.params_g + self.params_d
        self.n_g = sum(p.numel() for p in self.params_g)
        self.size = self.n_g + sum(p.numel() for p in self.params_d)
        self.dtype = self.params[0].dtype
        n = batch or cfg.batch_size
        real, fake = probe._real(n), probe._fake(n)  # fake keeps its graph: D's gradient depends on G
        loss_d = probe._d_loss(real, fake)
        loss_g = probe._g_loss(fake)
        if probe._uses_consensus:
            term = probe._consensus(loss_d, loss_g)
            loss_d, loss_g = loss_d + term, loss_g + term
        grads = (_grads(loss_g, self.params_g, create_graph=True)
                 + _grads(loss_d, self.params_d, create_graph=True))
        self._v = -torch.cat([g.reshape(-1) for g in grads])
        self.stop = threading.Event()

    # ----- the field and its products ---------------------------------------------------------
    def value(self) -> np.ndarray:
        """v at the current point, (n,)."""
        return self._v.detach().double().numpy().copy()

    def vjp(self, u: np.ndarray) -> np.ndarray:
        """Jᵀu for a real vector u, (n,)."""
        if self.stop.is_set():
            raise Cancelled
        u_t = torch.as_tensor(np.asarray(u, dtype=np.float64), dtype=self.dtype)
        return _flat(_grads(self._v, self.params, grad_outputs=u_t, retain_graph=True)).double().numpy()

    def jvp(self, w: np.ndarray) -> np.ndarray:
        """Jw for a real vector w, (n,): Jw = ∇_u[(Jᵀu)·w], Jᵀu being linear in u (one more backward pass)."""
        u = torch.zeros(self.size, dtype=self.dtype, requires_grad=True)
        jt_u = _flat(_grads(self._v, self.params, grad_outputs=u, retain_graph=True, create_graph=True))
        w_t = torch.as_tensor(np.asarray(w, dtype=np.float64), dtype=self.dtype)
        (jw,) = torch.autograd.grad(jt_u @ w_t, u, allow_unused=True)
        return np.zeros(self.size) if jw is None else jw.double().numpy()

    def matrix(self) -> np.ndarray:
        """J itself, (n, n), row i being Jᵀe_i (all rows in one batched backward pass when autograd can)."""
        eye = torch.eye(self.size, dtype=self.dtype)
        try:
            rows = torch.autograd.grad(self._v, self.params, grad_outputs=eye, retain_graph=True,
                                       allow_unused=True, is_grads_batched=True)
        except RuntimeError:  # an operation without a batching rule: one row at a time
            return np.stack([self.vjp(e) for e in np.eye(self.size)])
        parts = [torch.zeros(self.size, p.numel(), dtype=self.dtype) if r is None else r.reshape(self.size, -1)
                 for r, p in zip(rows, self.params, strict=True)]
        return torch.cat(parts, dim=1).double().numpy()


def _grads(out, params, **kw) -> tuple[torch.Tensor, ...]:
    """autograd.grad with zeros (not None) for parameters `out` does not depend on."""
    got = torch.autograd.grad(out, params, allow_unused=True, **kw)
    return tuple(torch.zeros_like(p) if g is None else g for g, p in zip(got, params, strict=True))


def _flat(parts) -> torch.Tensor:
    return torch.cat([p.reshape(-1) for p in parts])


# ----- eigenvalues -------------------------------------------------------------------------------
def arnoldi_eigenvalues(apply, n: int, k: int) -> tuple[np.ndarray, np.ndarray, str]:
    """The k eigenvalues of largest real part, the k of largest modulus and the k of largest imaginary part
    (the rotation; duplicates merged) of the
    real n×n operator u ↦ apply(u), by ARPACK; returns (eigenvalues, residuals ‖Ax − λx‖/‖x‖, and what
    did not converge within ARNOLDI_MAXITER restarts, '' when all did)."""
    from scipy.sparse.linalg import ArpackNoConvergence, LinearOperator, eigs

    op = LinearOperator((n, n), matvec=lambda u: apply(np.real(u)) + 1j * apply(np.imag(u))
                        if np.iscomplexobj(u) else apply(u), dtype=np.float64)
    k = max(1, min(k, n - 2))
    ncv = min(n - 1, max(2 * k + 1, ARNOLDI_NCV))
    found_vals, found_vecs, short = [], [], []
    for which, kind in (("LR", "largest real part"), ("LM", "largest modulus"), ("LI", "largest imaginary part")):
        start = np.random.default_rng(SEED_SALT).standard_normal(n)  # ARPACK's own start is random
        try:
            vals, vecs = eigs(op, k=k, which=which, tol=ARNOLDI_TOL, ncv=ncv, maxiter=ARNOLDI_MAXITER, v0=start)
        except ArpackNoConvergence as e:  # keep what converged
            vals, vecs = e.eigenvalues, e.eigenvectors
            short.append(f"only {len(vals)} of the {k} of {kind} converged")
        found_vals.append(vals)
        found_vecs.append(vecs)
    vals, vecs = np.concatenate(found_vals), np.concatenate(found_vecs, axis=1)
    keep = _distinct(vals)
    vals, vecs = vals[keep], vecs[:, keep]
    residuals = np.array([np.linalg.norm(op.matvec(vecs[:, i]) - vals[i] * vecs[:, i]) / np.linalg.norm(vecs[:, i])
                          for i in range(len(vals))])
    return vals, residuals, "; ".join(short)


def _distinct(vals: np.ndarray) -> np.ndarray:
    """Indices of `vals` without repeats (two eigenvalues within 1e-9 of their scale are one)."""
    scale = max(1.0, float(np.abs(vals).max())) if len(vals) else 1.0
    keep: list[int] = []
    for i, v in enumerate(vals):
        if all(abs(v - vals[j]) > 1e-9 * scale for j in keep):
            keep.append(i)
    return np.array(keep, dtype=int)


# ----- the result ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Spectrum:
    """The game's spectrum at one step, and what it says about simultaneous gradient steps there."""

    step: int
    eigenvalues: np.ndarray  # complex, sorted by real part (largest first)
    residuals: np.ndarray  # ‖Jᵀx − λx‖/‖x‖ of each (0 where exact)
    method: str  # "exact" or "arnoldi"
    parameters: int  # θ_G and θ_D together
    step_sizes: tuple[float, float]  # (h_G, h_D): the learning rates now
    step_moduli: np.ndarray = field(repr=False)  # |μ| of the simultaneous step map I + HJ's eigenvalues computed
    verdict: str = ""  # "converges", "circles" or "diverges"
    summary: str = ""  # the verdict in one line, with its number and what the step rule leaves out

    @property
    def max_step_modulus(self) -> float:
        """The largest |1 + hλ| (of I + HJ's eigenvalues, H = diag of each player's h)."""
        return float(self.step_moduli.max())

    @property
    def max_real(self) -> float:
        """The largest Re λ."""
        return float(self.eigenvalues.real.max())

    def to_json(self) -> dict:
        """The `ganviz spectrum` output fields."""
        return {"step": self.step, "eigenvalues": [[float(v.real), float(v.imag)] for v in self.eigenvalues],
                "residuals": [float(r) for r in self.residuals], "method": self.method,
                "parameters": self.parameters, "max_step_modulus": self.max_step_modulus,
                "max_real": self.max_real, "verdict": self.verdict, "summary": self.summary}


def step_rule_note(cfg) -> str:
    """What the disc |1 + hλ| < 1 does not account for in this run's update rule ('' when it is exact)."""
    gaps = []
    if cfg.update != "simultaneous":
        gaps.append(f"alternating steps ({cfg.d_steps} D, then {cfg.g_steps} G) agree with it only to first "
                    "order in h")
    opts = {cfg.optimizer_g, cfg.optimizer_d}
    if opts != {"sgd"}:
        gaps.append(f"{'/'.join(sorted(opts - {'sgd'}))} rescales each parameter's step by its gradients' history, "
                    "which this map does not model")
    elif cfg.momentum > 0:
        gaps.append(f"momentum {cfg.momentum:g} adds a velocity this map does not model")
    return "; ".join(gaps)


def judge(eigenvalues: np.ndarray, step_moduli: np.ndarray, h: tuple[float, float], cfg) -> tuple[str, str]:
    """The verdict in the Dirac page's words, and a line saying why."""
    rho = float(step_moduli.max())
    word = "circles" if abs(rho - 1) <= CIRCLE_TOL else ("converges" if rho < 1 else "diverges")
    worst = eigenvalues[np.argmax(eigenvalues.real)]
    step = f"h = {h[1]:g}" if h[0] == h[1] else f"h_G = {h[0]:g}, h_D = {h[1]:g}"
    line = (f"{word}: simultaneous gradient steps of {step} multiply deviations by up to {rho:.6f} a step "
            f"(largest Re λ = {worst.real:.4g}, at Im λ = ±{abs(worst.imag):.4g})")
    note = step_rule_note(cfg)
    if note:
        line += f"; the run's own steps differ: {note}"
    return word, line


def spectrum(trainer, k: int = DEFAULT_K, method: str | None = None, batch: int | None = None) -> Spectrum:
    """The spectrum of `trainer`'s game now (see solve); ConfigError if the game has none."""
    return solve(GameField(trainer, batch), k, method)


def solve(game: GameField, k: int = DEFAULT_K, method: str | None = None) -> Spectrum:
    """The eigenvalues of the game's J: every one for up to EXACT_MAX_PARAMS parameters (or method="exact"),
    else the k of largest real part, of largest modulus and of largest imaginary part by Arnoldi
    (method="arnoldi")."""
    cfg = game.config
    method = method or ("exact" if game.size <= EXACT_MAX_PARAMS else "arnoldi")
    if method not in ("exact", "arnoldi"):
        raise ConfigError("method", f"must be exact or arnoldi, got {method!r}")
    h = (float(cfg.lr_g), float(cfg.lr_d))
    scale = np.concatenate([np.full(game.n_g, h[0]), np.full(game.size - game.n_g, h[1])])
    short = ""
    if method == "exact":
        jac = game.matrix()
        vals, residuals = np.linalg.eigvals(jac), np.zeros(game.size)
        mu = vals if h[0] == h[1] else np.linalg.eigvals(scale[:, None] * jac) / h[1]
    else:
        vals, residuals, short = arnoldi_eigenvalues(game.vjp, game.size, k)
        # HJ's eigenvalues are those of (HJ)ᵀ = JᵀH; with one h they are hλ, found above
        mu = vals if h[0] == h[1] else arnoldi_eigenvalues(lambda u: game.vjp(scale * u), game.size, k)[0] / h[1]
        if len(vals) == 0 or len(mu) == 0:
            raise ArithmeticError(f"Arnoldi iteration found no eigenvalue within {ARNOLDI_MAXITER} restarts")
    moduli = np.abs(1 + h[1] * mu)
    order = np.lexsort((-vals.imag, -vals.real))
    word, line = judge(vals, moduli, h, cfg)
    if method == "arnoldi" and short:
        line += f" ({short}: the residuals say how far to trust the rest)"
    return Spectrum(game.step, vals[order], residuals[order], method, game.size, h, moduli, word, line)
