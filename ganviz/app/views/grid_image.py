"""Helpers for fields on a 2-D grid: image placement and contour lines of a density."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtCore


def grid_rect(grid_x: np.ndarray, grid_y: np.ndarray) -> QtCore.QRectF:
    """The rectangle an (m, n) image covers when its pixels are centred on the grid nodes."""
    dx = (grid_x[-1] - grid_x[0]) / max(len(grid_x) - 1, 1)
    dy = (grid_y[-1] - grid_y[0]) / max(len(grid_y) - 1, 1)
    return QtCore.QRectF(float(grid_x[0] - dx / 2), float(grid_y[0] - dy / 2),
                         float(dx * len(grid_x)), float(dy * len(grid_y)))


def frame_rect(snapshot) -> QtCore.QRectF:
    """What a 2-D view frames at first: the target's own bounds (the view grid reaches beyond them)."""
    if snapshot.frame is None:
        return grid_rect(snapshot.grid_x, snapshot.grid_y)
    x0, x1, y0, y1 = snapshot.frame
    return QtCore.QRectF(x0, y0, x1 - x0, y1 - y0)


def fit_to_frame(vb: pg.ViewBox, snapshot, padding: float) -> None:
    """Frame the target, with `padding` (a fraction of its size on each side). The view grid reaches far
    enough beyond it that the fields fill any plot up to view_grid.VIEW_2D_REACH times wider (or taller) than high."""
    vb.setRange(frame_rect(snapshot), padding=padding)


def field_image() -> pg.ImageItem:
    """An ImageItem that takes fields as (m, n) arrays with rows along y, as the snapshot holds them."""
    return pg.ImageItem(axisOrder="row-major")


def fingerprint(a: np.ndarray) -> tuple:
    """A cheap identity of an array's contents: shape and a few sums (to skip recomputing contours)."""
    a = np.asarray(a, dtype=float)
    return a.shape, float(a.sum()), float(a[::7, ::5].sum()), float(a.max(initial=0.0))


def mass_levels(p: np.ndarray, masses: tuple[float, ...]) -> list[float]:
    """Density levels whose upper sets hold the given fractions of the total mass (highest-density regions)."""
    flat = np.sort(np.asarray(p, dtype=float).ravel())[::-1]
    total = flat.sum()
    if not total > 0:
        return []
    cum = np.cumsum(flat) / total
    return [float(flat[min(np.searchsorted(cum, m), len(flat) - 1)]) for m in masses]


def contour_lines(p: np.ndarray, grid_x: np.ndarray, grid_y: np.ndarray,
                  levels: list[float]) -> tuple[np.ndarray, np.ndarray]:
    """Contours of p (m, n) at `levels` as x, y arrays with NaN between separate lines."""
    dx = (grid_x[-1] - grid_x[0]) / max(len(grid_x) - 1, 1)
    dy = (grid_y[-1] - grid_y[0]) / max(len(grid_y) - 1, 1)
    xs, ys = [], []
    for level in levels:
        for line in pg.functions.isocurve(np.asarray(p, dtype=float), level, connected=True):
            rc = np.asarray(line, dtype=float)
            # isocurve puts node (i, j) at (i + 0.5, j + 0.5); rows are y, columns x.
            ys.append(grid_y[0] + (rc[:, 0] - 0.5) * dy)
            xs.append(grid_x[0] + (rc[:, 1] - 0.5) * dx)
            xs.append([np.nan])
            ys.append([np.nan])
    if not xs:
        return np.empty(0), np.empty(0)
    return np.concatenate(xs), np.concatenate(ys)
