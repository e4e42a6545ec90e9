"""The grids the app's views draw on, and the true density on them: numpy only, no torch.

The evaluator fills these grids with what the networks do; the window draws the true density on
the same grid before the trainer process has started (core/preview.py), so its first picture and
the trainer's first frame line up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ganviz.core.grid import Grid, make_grid

if TYPE_CHECKING:
    from ganviz.core.targets.base import Target

VIEW_1D = 400  # the app's lighter view grids
VIEW_2D = 128
# The app's 2-D view grid is a square this many times the target's frame (its bounds) around its
# centre, at about the spacing of the 64 nodes it had on the frame alone: a plot up to this many times
# wider than high (or higher than wide) shows the field over all of its plane, not a square of it
# between white bands.
VIEW_2D_REACH = 2.2
SUPERSAMPLE_2D = 4  # p_true in 2-D is a cell average over 4×4 points, so narrow modes keep their mass


def view_bounds(bounds: tuple) -> tuple:
    """The 2-D view grid's square: VIEW_2D_REACH times the larger side of `bounds`, on their centre."""
    (x0, x1), (y0, y1) = bounds
    half = VIEW_2D_REACH * max(x1 - x0, y1 - y0) / 2
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return ((cx - half, cx + half), (cy - half, cy + half))


def view_grid(target: Target) -> Grid:
    """The grid the app's views show `target` on: its bounds in 1-D, the wider square in 2-D."""
    if target.dim == 1:
        return make_grid(target.bounds, VIEW_1D)
    return make_grid(view_bounds(target.bounds), VIEW_2D)


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
