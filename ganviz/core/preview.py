"""The picture before the first step: what a config's views can show without the networks.

The window draws this while the trainer process starts (it imports torch and builds the networks,
seconds on a slow machine): the true density on the views' own grid, or the Dirac-GAN's starting
point. Nothing generated is shown, since nothing is known of G until its networks exist: p_g, D and
D* are left empty (NaN), and there are no samples. numpy only.
"""

from __future__ import annotations

import numpy as np

from ganviz.core.config import Config
from ganviz.core.digits_data import SIDE
from ganviz.core.snapshot import Snapshot
from ganviz.core.targets import make_target
from ganviz.core.view_grid import true_density_on_grid, view_grid

STATUS = "starting"  # a snapshot's status while the trainer is not there yet


def preview_snapshot(config: Config) -> Snapshot:
    """Step 0 of `config` as far as it is known without torch; ConfigError for a bad target."""
    if config.target == "dirac":
        theta, psi = float(config.dirac.theta0), float(config.dirac.psi0)
        return Snapshot(step=0, status=STATUS, message="", metrics={}, kind="dirac",
                        samples=np.array([[theta]]), extra={"theta": np.float64(theta), "psi": np.float64(psi)})
    target = make_target(config.target, config.target_params)
    if target.image:  # no density to draw: the image page waits for G's first images
        return Snapshot(step=0, status=STATUS, message="", metrics={}, kind="image",
                        samples=np.zeros((0, SIDE, SIDE)))
    grid = view_grid(target)
    p_true = true_density_on_grid(target, grid)
    empty = np.full(grid.shape, np.nan)
    fields = dict(step=0, status=STATUS, message="", metrics={}, samples=np.zeros((0, target.dim)),
                  p_true=p_true, p_gen=empty, d=empty, d_star=empty)
    if target.dim == 1:
        return Snapshot(kind="1d", grid=grid.axes[0], **fields)
    (x0, x1), (y0, y1) = target.bounds
    return Snapshot(kind="2d", grid_x=grid.axes[0], grid_y=grid.axes[1],
                    frame=(float(x0), float(x1), float(y0), float(y1)), **fields)
