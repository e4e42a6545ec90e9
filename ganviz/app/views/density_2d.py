"""Generated and true 2-D densities side by side, on one colour scale."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtCore, QtWidgets

from ganviz.app.views import palette
from ganviz.app.views._base import DataView, StickyMax
from ganviz.app.views.grid_image import field_image, fit_to_frame, grid_rect

if TYPE_CHECKING:
    from ganviz.core.snapshot import Snapshot

SCALE_LABEL = "√density"


class Density2DView(DataView, pg.GraphicsLayoutWidget):
    """Two heat maps, p_g and p_true, sharing their axes and colour levels.

    Colour shows √density: the true modes are far more peaked than a kernel estimate of the same
    law, and on a linear scale the generated picture would fade to white beside them.
    """

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.setBackground(palette.BACKGROUND)
        self.gen_plot = self.addPlot(row=0, col=0)
        self.true_plot = self.addPlot(row=0, col=1)
        self.gen_image, self.true_image = field_image(), field_image()
        for plot, image, title in ((self.gen_plot, self.gen_image, "generated p_g<br>(KDE)"),
                                   (self.true_plot, self.true_image, "true p_data")):
            palette.style_plot(plot, title=title)
            _free_title(plot)
            palette.label(plot, "bottom", "x₁")
            palette.label(plot, "left", "x₂")
            plot.setMenuEnabled(False)
            plot.setAspectLocked(True)
            plot.addItem(image)
        # The right panel shares the left's x₂ axis: no label of its own (it drew over the left panel).
        self.true_plot.getAxis("left").showLabel(False)
        # Not setXLink/setYLink: pyqtgraph lines linked y ranges up on screen, and with locked aspects
        # that cut the right panel short. Each panel mirrors the other's view rectangle instead.
        self._mirroring = False
        self.gen_plot.vb.sigRangeChangedManually.connect(lambda *_: self._mirror(self.gen_plot, self.true_plot))
        self.true_plot.vb.sigRangeChangedManually.connect(lambda *_: self._mirror(self.true_plot, self.gen_plot))
        self.colorbar = pg.ColorBarItem(values=(0.0, 1.0), colorMap=palette.colormap_density(), interactive=False,
                                        width=int(20 * palette.scale()), colorMapMenu=False)
        self.colorbar.setImageItem([self.gen_image, self.true_image])
        palette.style_plot(self.colorbar)
        self.colorbar.getAxis("left").setWidth(0)
        palette.label(self.colorbar, "right", SCALE_LABEL)
        # pyqtgraph sizes this axis for its default font; ours is larger, so the label sat on the ticks
        self.colorbar.getAxis("right").setWidth(int(palette.LEFT_AXIS_PX * palette.scale()))
        self.addItem(self.colorbar, row=0, col=2)
        for plot in (self.gen_plot, self.true_plot):
            # Equal hints give equal widths, so the aspect-locked panels show the same range.
            plot.setPreferredWidth(10)
            plot.setMinimumWidth(10)
        layout = self.ci.layout
        layout.setColumnStretchFactor(0, 1)
        layout.setColumnStretchFactor(1, 1)
        layout.setColumnStretchFactor(2, 0)
        self._top = StickyMax()
        self._extent: tuple | None = None
        self._true_id: int | None = None
        self._smooth_title = False

    def draw(self, snapshot: Snapshot) -> None:
        """Draw p_g and p_true of a 2-D snapshot on shared levels."""
        gen = np.sqrt(np.clip(snapshot.p_gen, 0.0, None))
        # Beside a kernel estimate, show the true law through the same kernel: like with like.
        smooth = snapshot.p_true_smooth is not None
        true = np.sqrt(np.clip(snapshot.p_true_smooth if smooth else snapshot.p_true, 0.0, None))
        if smooth != self._smooth_title:
            self._smooth_title = smooth
            # two lines: on one each, the titles of the two panels ran into each other in a narrow window
            title = "true p_data<br>(same kernel)" if smooth else "true p_data"
            self.true_plot.setTitle(title, color=palette.FOREGROUND, size=palette.css_pt(palette.TITLE_PT))
        top = self._top.fit(np.array([gen.max(initial=0.0), true.max(initial=0.0)]))
        self.colorbar.setLevels((0.0, top))
        self.gen_image.setImage(gen, autoLevels=False)
        self.true_image.setImage(true, autoLevels=False)
        self._fit(snapshot)

    def _fit(self, snapshot: Snapshot) -> None:
        """Place the images on the grid (after setImage: setRect scales by the image's size) and frame the target."""
        gx, gy = snapshot.grid_x, snapshot.grid_y
        extent = (float(gx[0]), float(gx[-1]), float(gy[0]), float(gy[-1]), len(gx), len(gy), snapshot.frame)
        if extent == self._extent:
            return
        self._extent = extent
        rect = grid_rect(gx, gy)
        for image in (self.gen_image, self.true_image):
            image.setRect(rect)
        for plot in (self.gen_plot, self.true_plot):
            fit_to_frame(plot.vb, snapshot, 0.0)

    def _mirror(self, source: pg.PlotItem, target: pg.PlotItem) -> None:
        """Show in `target` what the user zoomed or panned `source` to."""
        if self._mirroring:
            return
        self._mirroring = True
        try:
            target.vb.setRange(source.vb.viewRect(), padding=0.0)
        finally:
            self._mirroring = False



def _free_title(plot: pg.PlotItem) -> None:
    """Let a title be wider than its panel rather than set the panel's minimum width.

    pyqtgraph makes a title's text width its minimum: in a narrow window the panel with the longer title
    then overflowed its layout cell onto its neighbour, whose locked aspect showed the grid cut short.
    """
    title = plot.titleLabel
    update_min = title.updateMin  # called again on every setText and resize

    def without_min_width() -> None:
        update_min()
        title.setMinimumWidth(0)
        for hint in (QtCore.Qt.SizeHint.MinimumSize, QtCore.Qt.SizeHint.PreferredSize):
            title._sizeHint[hint] = (0, title._sizeHint[hint][1])
        title.updateGeometry()

    title.updateMin = without_min_width
    without_min_width()
