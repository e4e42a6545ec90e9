"""What the views draw at one step: plain numpy arrays, no torch, no Qt."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Snapshot:
    """The state of a run at `step` as arrays on an evaluation grid.

    1-D: `grid` (n,) with `p_true`, `p_gen`, `d`, `d_star`, `witness` (n,).
    2-D: `grid_x` (n,), `grid_y` (m,) with the same fields of shape (m, n), rows along y.
    `p_gen_method` says how p_gen was made: "exact" (change of variables through G with a
    1-D latent) or "kde" (a Gaussian kernel density estimate of generated samples).
    `d` is the learned D(x), or D* itself with the oracle; `witness` is set in GMN mode.
    """

    step: int
    status: str
    message: str
    metrics: dict
    kind: str  # "1d", "2d" or "dirac"
    samples: np.ndarray  # (k, dim) generated samples
    grid: np.ndarray | None = None
    grid_x: np.ndarray | None = None
    grid_y: np.ndarray | None = None
    frame: tuple | None = None  # 2-D: (x0, x1, y0, y1), the target's own bounds: what a view frames at first
    p_true: np.ndarray | None = None
    p_gen: np.ndarray | None = None
    p_gen_method: str = ""
    p_true_smooth: np.ndarray | None = None  # with a KDE p_gen: p_true blurred by the same kernel
    d: np.ndarray | None = None
    d_star: np.ndarray | None = None
    witness: np.ndarray | None = None
    z: np.ndarray | None = None
    g_of_z: np.ndarray | None = None
    ideal_map: np.ndarray | None = None
    sample_grad: np.ndarray | None = None  # (k, dim): −∂(G's loss)/∂x at arrow_origin
    arrow_origin: np.ndarray | None = None  # (k, dim): the generated samples the arrows start from
    latent_lines: np.ndarray | None = None  # (L, P, 2): G along latent grid lines (2-D targets)
    sample_mode: np.ndarray | None = None  # (k,) mixture targets: each sample's nearest mode, −1 if > 3 std from it
    mode_share: np.ndarray | None = None  # (K,) mixture targets: each mode's share of 2500 high-quality samples
    # e.g. the Dirac-GAN's theta and psi, and its phase plane (ganviz.core.dirac_analysis.PhasePlane):
    # plane_theta, plane_psi (n,), plane_u, plane_v (n, n) rows along ψ, jacobian (2, 2), eig_re,
    # eig_im (2,), step_moduli (k,), verdict and verdict_line (str)
    extra: dict = field(default_factory=dict)

    def arrays(self) -> dict[str, np.ndarray]:
        """The array fields that are set, by name (as written to output files)."""
        names = ("grid", "grid_x", "grid_y", "p_true", "p_true_smooth", "p_gen", "d", "d_star", "witness",
                 "z", "g_of_z", "ideal_map", "samples", "sample_grad", "arrow_origin", "latent_lines",
                 "sample_mode", "mode_share")
        out = {n: getattr(self, n) for n in names if getattr(self, n) is not None}
        out.update({k: np.asarray(v) for k, v in self.extra.items()})
        return out
