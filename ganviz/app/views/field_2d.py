"""The 2-D picture: D(x) (or the witness) as a heat map, the true density's contours, the samples."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtWidgets

from ganviz.app.views import palette
from ganviz.app.views._base import DataView, StickyMax
from ganviz.app.views.grid_image import (
    contour_lines,
    field_image,
    fingerprint,
    fit_to_frame,
    frame_rect,
    grid_rect,
    mass_levels,
)
from ganviz.app.views.mode_bars import sample_brushes

if TYPE_CHECKING:
    from ganviz.core.snapshot import Snapshot

FRAME_PADDING = 0.04  # margin around the target's bounds, so modes at their edge do not touch the plot's frame
LAYERS = ("field", "contours", "samples", "arrows", "latent_grid")
CONTOUR_MASSES = (0.5, 0.9)  # the regions holding half and nine tenths of the true mass
MAX_SAMPLES = 1500  # more dots only darken the picture; samples are i.i.d., so the first k are a fair subset
MAX_ARROWS = 300
ARROW_FRACTION = 0.06  # a typical arrow spans this fraction of the grid's width
HEAD = 0.3  # barb length as a fraction of the arrow
HEAD_ANGLE = np.radians(25)
D_LABEL = "D(x)"
WITNESS_LABEL = "witness f(x)"
SAMPLES = "generated samples"
SAMPLES_BY_MODE = "generated, coloured by mode<br>(grey: near no mode)"


class Field2DView(DataView, pg.PlotWidget):
    """D(x) on the plane (0..1, diverging at 0.5), true-density contours and generated samples.

    Optional layers: the direction each sample is pushed by G's loss, and the warped latent grid.
    """

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent, background=palette.BACKGROUND)
        plot = self.plotItem
        palette.style_plot(plot)
        palette.label(plot, "bottom", "x₁")
        palette.label(plot, "left", "x₂")
        plot.setMenuEnabled(False)
        plot.setAspectLocked(True)

        self.image = field_image()
        plot.addItem(self.image)
        self.colorbar = pg.ColorBarItem(values=(0.0, 1.0), colorMap=palette.colormap_d(), interactive=False,
                                        width=int(20 * palette.scale()), colorMapMenu=False)
        self.colorbar.setImageItem(self.image, insert_in=plot)
        palette.style_plot(self.colorbar)
        self.colorbar.getAxis("left").setWidth(0)
        palette.label(self.colorbar, "right", D_LABEL)

        self.grid_lines = pg.PlotDataItem(connect="finite", **palette.fast_line("grid"))
        self.contours = pg.PlotDataItem(connect="finite", pen=palette.pen("contour", palette.THIN * 1.3),
                                        antialias=True)
        self.arrows = pg.PlotDataItem(connect="pairs", **palette.fast_line("arrows"))
        self._sample_brush = palette.brush("samples", 200)
        self._by_mode = False
        # 7 px: at 5 the colour of a sample's mode could not be told from the back of a room
        self.samples = pg.ScatterPlotItem(size=7 * palette.scale(), pxMode=True, brush=self._sample_brush,
                                          pen=pg.mkPen(255, 255, 255, 160, width=0.6))
        for item in (self.grid_lines, self.contours, self.arrows, self.samples):
            plot.addItem(item)
        # Under the x axis, in the plot's layout: inside the view box it hid the upper-left mode.
        self.legend = palette.wrapping_legend_below(plot, self)
        self._legend_rows = [(self.samples, SAMPLES), (self.contours, "true density<br>(contours: 50%, 90% of mass)"),
                             (self.arrows, "push on samples<br>(−∂loss_G/∂x)"),
                             (self.grid_lines, "G of the latent grid")]
        self.arrows.setVisible(False)
        self.grid_lines.setVisible(False)

        self.witness_mode = False
        self._witness_range = StickyMax()
        self._contour_key: tuple | None = None
        self._extent: tuple | None = None
        self._rect_key: tuple | None = None
        self._last: Snapshot | None = None
        self._layer_items = {"field": self.image, "contours": self.contours, "samples": self.samples,
                             "arrows": self.arrows, "latent_grid": self.grid_lines}
        self._sync_legend()

    # ----- layers ----------------------------------------------------------------------------
    def set_layers(self, **flags: bool) -> None:
        """Show or hide layers by name: field, contours, samples, arrows, latent_grid."""
        unknown = set(flags) - set(LAYERS)
        if unknown:
            raise ValueError(f"unknown layers {sorted(unknown)}; known: {', '.join(LAYERS)}")
        for name, on in flags.items():
            self._layer_items[name].setVisible(bool(on))
        self._sync_legend()
        if self._last is not None:
            self.draw(self._last)

    def layers(self) -> dict[str, bool]:
        """Which layers are shown, by name."""
        return {name: item.isVisible() for name, item in self._layer_items.items()}

    def _sync_legend(self) -> None:
        """List only the shown layers (on layer changes, never per frame)."""
        self.legend.clear()
        for item, text in self._legend_rows:
            if item.isVisible():
                self.legend.addItem(item, text)
        self.legend.refit()

    # ----- drawing ---------------------------------------------------------------------------
    def draw(self, snapshot: Snapshot) -> None:
        """Draw a 2-D snapshot with the items made in __init__."""
        self._last = snapshot
        self._fit(snapshot)
        if self.image.isVisible():
            self._draw_field(snapshot)
        if self.contours.isVisible():
            self._draw_contours(snapshot)
        if self.samples.isVisible():
            self._draw_samples(snapshot)
        if self.arrows.isVisible():
            origin = snapshot.samples if snapshot.arrow_origin is None else snapshot.arrow_origin
            self.arrows.setData(*_arrow_segments(origin, snapshot.sample_grad, frame_rect(snapshot).width()))
        if self.grid_lines.isVisible():
            self.grid_lines.setData(*_polylines(snapshot.latent_lines))

    def _draw_samples(self, snapshot: Snapshot) -> None:
        """The samples, coloured by nearest mode (grey beyond 3 std) when the target has modes."""
        xy = np.asarray(snapshot.samples[:MAX_SAMPLES], dtype=float)
        keep = np.isfinite(xy).all(axis=1)  # NaN points can crash the scatter's painter (diverged runs)
        by_mode = snapshot.sample_mode is not None and snapshot.mode_share is not None
        if by_mode != self._by_mode:
            self._by_mode = by_mode
            self._legend_rows[0] = (self.samples, SAMPLES_BY_MODE if by_mode else SAMPLES)
            self._sync_legend()
        if by_mode:
            brush = sample_brushes(snapshot.sample_mode[:MAX_SAMPLES][keep], len(snapshot.mode_share))
        else:
            brush = self._sample_brush
        self.samples.setData(x=xy[keep, 0], y=xy[keep, 1], brush=brush)

    def _draw_field(self, snapshot: Snapshot) -> None:
        witness = snapshot.witness is not None
        field = snapshot.witness if witness else snapshot.d
        self._set_mode(witness)
        if witness:
            half = self._witness_range.fit(field)
            self.colorbar.setLevels((-half, half))
        self.image.setImage(field, autoLevels=False)
        rect_key = (self._extent, field.shape)
        if rect_key != self._rect_key:  # setRect scales by the image's size, so it follows setImage
            self._rect_key = rect_key
            self.image.setRect(grid_rect(snapshot.grid_x, snapshot.grid_y))

    def _set_mode(self, witness: bool) -> None:
        """Switch the colour scale between D on a fixed 0..1 and the witness, symmetric around 0."""
        if witness == self.witness_mode:
            return
        self.witness_mode = witness
        palette.label(self.colorbar, "right", WITNESS_LABEL if witness else D_LABEL)
        if not witness:
            self.colorbar.setLevels((0.0, 1.0))

    def _draw_contours(self, snapshot: Snapshot) -> None:
        """Contours of p_true, recomputed only when the true density changed (a new target)."""
        key = fingerprint(snapshot.p_true)
        if key == self._contour_key:
            return
        self._contour_key = key
        levels = mass_levels(snapshot.p_true, CONTOUR_MASSES)
        self.contours.setData(*contour_lines(snapshot.p_true, snapshot.grid_x, snapshot.grid_y, levels))

    def _fit(self, snapshot: Snapshot) -> None:
        """Frame the target when the grid changes (a new target); keep the user's zoom otherwise."""
        gx, gy = snapshot.grid_x, snapshot.grid_y
        extent = (float(gx[0]), float(gx[-1]), float(gy[0]), float(gy[-1]), len(gx), len(gy), snapshot.frame)
        if extent == self._extent:
            return
        self._extent = extent
        fit_to_frame(self.plotItem.vb, snapshot, FRAME_PADDING)


def _arrow_segments(samples: np.ndarray, grad: np.ndarray | None, width: float) -> tuple[np.ndarray, np.ndarray]:
    """Arrows (shaft and two barbs, as segment pairs) from each sample along its push.

    Scaled so a typical arrow spans ARROW_FRACTION of the grid's width.
    """
    if grad is None or len(grad) == 0:
        return np.empty(0), np.empty(0)
    k = min(len(grad), MAX_ARROWS)
    start, g = np.asarray(samples[:k], dtype=float), np.asarray(grad[:k], dtype=float)
    norms = np.linalg.norm(g, axis=1)
    ok = np.isfinite(norms) & (norms > 0) & np.isfinite(start).all(axis=1)
    if not ok.any():
        return np.empty(0), np.empty(0)
    start, g, norms = start[ok], g[ok], norms[ok]
    typical = np.percentile(norms, 90)
    # Long outliers are capped at twice the typical length so one sample cannot flood the view.
    length = np.minimum(norms / typical, 2.0) * ARROW_FRACTION * width
    vec = g / norms[:, None] * length[:, None]
    tip = start + vec
    barbs = [tip - HEAD * (vec @ _rotation(a).T) for a in (HEAD_ANGLE, -HEAD_ANGLE)]
    seg = np.stack([start, tip, tip, barbs[0], tip, barbs[1]], axis=1).reshape(-1, 2)
    return seg[:, 0], seg[:, 1]


def _rotation(angle: float) -> np.ndarray:
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[c, -s], [s, c]])


def _polylines(lines: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """(L, P, 2) lines as x, y arrays with a NaN after each line, for one connect="finite" item."""
    if lines is None or len(lines) == 0:
        return np.empty(0), np.empty(0)
    lines = np.asarray(lines, dtype=float)
    gap = np.full((lines.shape[0], 1, 2), np.nan)
    flat = np.concatenate([lines, gap], axis=1).reshape(-1, 2)
    return flat[:, 0], flat[:, 1]
