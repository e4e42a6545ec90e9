"""The image page: what an image GAN (the 8×8 digits) makes, live.

- *Samples and their nearest training images*: G's images from 36 fixed latents (the same latents all
  run long, so each cell shows one latent's image changing), each beside the training image nearest
  to it: the figure the source texts use to show that a GAN does not just copy its data.
- *D's score* on 256 real and 256 generated images, as two histograms: a D that has caught on
  separates them; at the equilibrium both pile up at ½.
- *Class shares*: how generated images (1,000 headless, 256 in the app's frames) are read by the
  digits classifier (confidence ≥ 0.5); a class is covered from 1 % up.
- Two tabs under the grid: the *latent walk* between two samples clicked, and *Find the code*, the z of an
  image picked or drawn (latent_walk_view, code_finder_view; the trainer answers both).

Every number comes from the snapshot (core.image_evaluation); this file only draws. Ink is dark on
paper: pixel −1 (blank) is white, 1 is black.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtCore, QtWidgets

from ganviz.app.views import palette
from ganviz.app.views._base import DataView, picture_box, styled_plot
from ganviz.app.views.code_finder_view import CodeFinderView
from ganviz.app.views.latent_walk_view import LatentWalkView

COLUMNS = 6  # cells across the grid: 36 samples in 6 rows
GAP = 1  # px between a sample and its neighbour
CELL_GAP = 4  # px between cells: four times that, so the pairs read as pairs
PAPER = np.array([228, 232, 240], dtype=np.uint8)  # between the cells: a light blue-grey, not a pixel value
WHITE = np.array([255, 255, 255], dtype=np.float64)  # a generated image's blank paper
CREAM = np.array([255, 236, 190], dtype=np.float64)  # a training image's: which of a pair is real shows
BINS = np.linspace(0.0, 1.0, 21)
CLASSES = 10
GRID_MIN_PX = 6 * (8 + CELL_GAP) * 3  # the grid's least height: its 6 rows at 3 screen px an image pixel
COVER_SHARE = 0.01  # core.image_metrics.COVER_SHARE: the line above which a class counts as covered


def ink(images: np.ndarray, paper: np.ndarray = WHITE) -> np.ndarray:
    """Pixels in [−1, 1] as 8-bit RGB, dark ink on `paper` (−1 → the paper's colour, 1 → black)."""
    amount = (np.clip(images, -1.0, 1.0) + 1.0) / 2.0
    return np.round((1.0 - amount)[..., None] * paper).astype(np.uint8)


def pairs_mosaic(samples: np.ndarray, nearest: np.ndarray | None, columns: int = COLUMNS) -> np.ndarray:
    """One RGB picture (rows, columns, 3) of every sample beside its nearest training image."""
    k, side, _ = samples.shape
    rows = -(-k // columns)
    width = 2 * side + GAP if nearest is not None else side
    out = np.empty((rows * (side + CELL_GAP) - CELL_GAP, columns * (width + CELL_GAP) - CELL_GAP, 3), np.uint8)
    out[:] = PAPER
    for i in range(k):
        top, left = (i // columns) * (side + CELL_GAP), (i % columns) * (width + CELL_GAP)
        out[top:top + side, left:left + side] = ink(samples[i])
        if nearest is not None:
            right = left + side + GAP
            out[top:top + side, right:right + side] = ink(nearest[i], CREAM)
    return out


class ImagePage(DataView, QtWidgets.QWidget):
    """The three views of an image run, drawn from one snapshot."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.grid_view = pg.GraphicsLayoutWidget()
        self.grid_view.setBackground(palette.BACKGROUND)
        self.grid_title = QtWidgets.QLabel(wordWrap=True, alignment=QtCore.Qt.AlignmentFlag.AlignCenter)
        self.grid_title.setFont(palette.font(palette.TITLE_PT))
        self.grid_title.setStyleSheet(f"background: white; color: {palette.FOREGROUND}")
        self.grid_title.setMinimumWidth(1)  # wraps rather than widening the page
        # the page's main picture keeps room when the plots' fonts grow (presentation mode): 3 px an image pixel
        self.grid_view.setMinimumHeight(int(GRID_MIN_PX * palette.scale()))
        self.box = picture_box(self.grid_view, 0, 0)  # the first row of samples at the top
        self.mosaic = pg.ImageItem(axisOrder="row-major")
        self.box.addItem(self.mosaic)
        # short titles and a legend under the axis: at 1024 px the two plots share ~450 px side by side
        self.scores, plot = styled_plot("D's score", "D(x)", "images of 256")
        self.real_hist = pg.PlotDataItem(stepMode="center", fillLevel=0, brush=palette.brush("true", 40),
                                         pen=palette.pen("true"), name="real")
        self.fake_hist = pg.PlotDataItem(stepMode="center", fillLevel=0, brush=palette.brush("generated", 60),
                                         pen=palette.pen("generated"), name="generated")
        plot.addItem(self.real_hist)
        plot.addItem(self.fake_hist)
        self.legend = palette.wrapping_legend_below(plot, self.scores)
        for item in (self.real_hist, self.fake_hist):
            self.legend.addItem(item, item.name())
        self.legend.refit()
        plot.setXRange(0.0, 1.0, padding=0.02)
        plot.getAxis("bottom").setTicks([[(v, f"{v:g}") for v in (0.0, 0.5, 1.0)]])  # room for 3 at 1024 px
        self.shares, bars = styled_plot("classes read", "digit", "% of images")
        bars.getAxis("bottom").setTicks([[(c, str(c)) for c in range(CLASSES)]])
        self.bars = pg.BarGraphItem(x=np.arange(CLASSES), height=np.zeros(CLASSES), width=0.7,
                                    brush=palette.brush("generated"), pen=pg.mkPen(None))
        bars.addItem(self.bars)
        bars.addLine(y=100 * COVER_SHARE, pen=palette.pen("reference", palette.THIN, "dash"))
        bars.setYRange(0, 100, padding=0.02)
        self.shares.setToolTip("how the digits classifier reads generated images from fixed latents (confidence "
                               "≥ 0.5); the dashed line is 1 %, from which a class counts as covered")
        self.scores.setToolTip("D's probability that an image is real, for 256 training and 256 generated images")
        top = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(top)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.grid_title)
        column.addWidget(self.grid_view, 1)
        self.walk = LatentWalkView(ink)
        self.finder = CodeFinderView(ink)
        self.tools = QtWidgets.QTabWidget()
        self.tools.addTab(self.walk, "Latent walk")
        self.tools.addTab(self.finder, "Find the code")
        column.addWidget(self.tools)
        self.grid_view.scene().sigMouseClicked.connect(self._clicked)
        below = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal)
        below.addWidget(self.scores)
        below.addWidget(self.shares)
        split = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(below)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self._shape = None
        self._read = 0  # how many generated images the class bars read (their axis says)
        self._cells = (0, 0, 0, 0)  # rows, columns, a cell's width and height in pixels of the mosaic drawn

    def show_finder(self, on: bool) -> None:
        """Put the Find the code tab in front (a lesson step asks for it), or the latent walk."""
        self.tools.setCurrentWidget(self.finder if on else self.walk)

    def draw(self, snapshot) -> None:
        samples = snapshot.samples
        extra = snapshot.extra
        nearest = extra.get("nearest")
        if samples.size == 0:  # before the first frame (the preview): nothing generated yet
            self.grid_title.setText("G's images appear here when the run starts")
            return
        picture = pairs_mosaic(samples, nearest)
        side = samples.shape[1]
        self._cells = (-(-len(samples) // COLUMNS), COLUMNS, 2 * side + GAP if nearest is not None else side, side)
        self.mosaic.setImage(picture, autoLevels=False, levels=(0, 255))
        if picture.shape != self._shape:
            self._shape = picture.shape
            self.box.setRange(QtCore.QRectF(0, 0, picture.shape[1], picture.shape[0]), padding=0.01)
        if nearest is not None:
            median = float(np.median(extra["nearest_dist"]))
            self.grid_title.setText(f"step {snapshot.step:,}: G's images (white), each beside its nearest training "
                                    f"image (cream); median distance {median:.2f}")
        else:
            self.grid_title.setText(f"step {snapshot.step:,}: G's images")
        self._draw_scores(extra)
        share = extra.get("class_share")
        if share is not None:
            self.bars.setOpts(height=100.0 * np.asarray(share))
            count = int(extra.get("class_images", 0))
            if count != self._read:
                self._read = count
                palette.label(self.shares.getPlotItem(), "left", f"% of {count:,} images")

    def _draw_scores(self, extra: dict) -> None:
        for item, key in ((self.real_hist, "d_real"), (self.fake_hist, "d_fake")):
            values = extra.get(key)
            item.setVisible(values is not None)  # a GMN has no D
            if values is not None:
                counts, _ = np.histogram(np.clip(values, 0.0, 1.0), bins=BINS)
                item.setData(BINS, counts)

    def sample_at(self, x: float, y: float) -> int | None:
        """The number of the sample whose cell (it and its neighbour) holds the mosaic point (x, y), or None."""
        rows, columns, width, side = self._cells
        col, row = int(x // (width + CELL_GAP)), int(y // (side + CELL_GAP))
        inside = x % (width + CELL_GAP) < width and y % (side + CELL_GAP) < side
        if not (x >= 0 and y >= 0 and inside and col < columns and row < rows):
            return None
        return row * columns + col

    def _clicked(self, event) -> None:
        point = self.box.mapSceneToView(event.scenePos())
        sample = self.sample_at(point.x(), point.y())
        if sample is not None:
            self.walk.choose(sample)
