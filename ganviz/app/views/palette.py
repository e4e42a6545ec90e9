"""Colours, pen widths and fonts for every view, in one place.

Okabe–Ito colours stay distinguishable with the common colour-vision deficiencies; the light
yellow and sky blue of that set vanish on a washed-out projector, so lines use only the
darker members. `set_scale` multiplies line widths and font sizes (presentation mode).
"""

from __future__ import annotations

import pyqtgraph as pg
from pyqtgraph.Qt import QtCore, QtGui

# Okabe–Ito, by name.
BLACK = "#000000"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#707070"

BACKGROUND = "w"
FOREGROUND = "#202020"

# What each drawn quantity is coloured with, shared by all views so a colour means one thing.
ROLE = {
    "true": BLACK,
    "generated": GREEN,
    "histogram": GREEN,
    "d": BLUE,
    "d_star": VERMILLION,
    "gap": VERMILLION,
    "witness": PURPLE,
    "reference": GREY,
    "latent": GREY,
    "mapping": GREEN,
    "ideal": BLACK,
    "samples": VERMILLION,
    "arrows": BLACK,
    "grid": GREEN,
    "contour": BLACK,
    "loss_d": BLUE,
    "loss_g": VERMILLION,
    "value": BLACK,
    "jsd": BLUE,
    "w1": VERMILLION,
    "mmd": PURPLE,
    "fd": ORANGE,
    "modes": GREEN,
    "trajectory": BLUE,
    "current": VERMILLION,
    "equilibrium": BLACK,
}

LINE = 2.5  # width of the main curves at scale 1, in pixels
THIN = 1.2  # reference lines, segments, contours
AXIS_PT = 12  # axis label size at scale 1 (readable at projector distance)
TICK_PT = 11
TITLE_PT = 13
LEGEND_PT = 11
LEFT_AXIS_PX = 70  # fixed axis widths so stacked plots line their x axes up
RIGHT_AXIS_PX = 84

_STYLES = {
    "solid": QtCore.Qt.PenStyle.SolidLine,
    "dash": QtCore.Qt.PenStyle.DashLine,
    "dot": QtCore.Qt.PenStyle.DotLine,
}

_scale = 1.0


def set_scale(factor: float) -> None:
    """Multiply line widths and font sizes of views built from now on by `factor`."""
    global _scale
    if not factor > 0:
        raise ValueError(f"scale must be positive, got {factor}")
    _scale = float(factor)


def scale() -> float:
    """The current size factor (1 by default)."""
    return _scale


def color(role: str, alpha: int = 255) -> QtGui.QColor:
    """The colour of a role, with an optional alpha (0..255)."""
    c = pg.mkColor(ROLE.get(role, role))
    c.setAlpha(alpha)
    return c


def pen(role: str, width: float = LINE, style: str = "solid") -> QtGui.QPen:
    """A cosmetic pen for a role; `style` is "solid", "dash" or "dot"."""
    p = pg.mkPen(color(role), width=width * _scale)
    p.setStyle(_STYLES[style])
    return p


def fast_line(role: str, width: float = THIN, style: str = "solid") -> dict:
    """Pen and antialiasing for long or jagged lines (links, arrows, noisy histories), as PlotDataItem options.

    Whole pixel widths only, antialiased only at one pixel: fractional widths look dotted without
    antialiasing, and antialiased strokes wider than a pixel cost tens to hundreds of milliseconds
    a frame on Qt's raster engine once lines are long or noisy.
    """
    px = max(1, round(width * _scale))
    p = pg.mkPen(color(role), width=px)
    p.setStyle(_STYLES[style])
    return {"pen": p, "antialias": px == 1}


def projector_color(c: QtGui.QColor) -> QtGui.QColor:
    """A colour for a washed-out projector: fully saturated hues, light ones darkened; greys kept.

    The Okabe–Ito hues stay (so colour-blind-safe contrasts stay); only their strength changes.
    """
    h, s, v, a = c.getHsv()
    if s < 40:  # black, greys and white keep their lightness
        return QtGui.QColor(c)
    out = QtGui.QColor()
    out.setHsv(h, min(255, int(s * 1.3) + 30), min(v, 200), a)
    return out


def brush(role: str, alpha: int = 255) -> QtGui.QBrush:
    """A brush for a role's fills and markers."""
    return pg.mkBrush(color(role, alpha))


def font(points: float) -> QtGui.QFont:
    """A font of `points` × scale."""
    f = QtGui.QFont()
    f.setPointSizeF(points * _scale)
    return f


def css_pt(points: float) -> str:
    """A point size for pyqtgraph's label options, e.g. "12pt"."""
    return f"{points * _scale:g}pt"


def style_plot(plot: pg.PlotItem, title: str | None = None) -> None:
    """Fonts, pens and widths of a plot's axes and title, for a light background."""
    for name in ("left", "bottom", "right", "top"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(FOREGROUND, width=_scale))
        axis.setTextPen(pg.mkPen(FOREGROUND))
        axis.setTickFont(font(TICK_PT))
        axis.label.setFont(font(AXIS_PT))
        axis.enableAutoSIPrefix(False)  # "density (x0.001)" misleads more than it saves
    plot.getAxis("left").setWidth(int(LEFT_AXIS_PX * _scale))
    if title is not None:
        plot.setTitle(title, color=FOREGROUND, size=css_pt(TITLE_PT))


def series_line(role: str, width: float) -> dict:
    """fast_line options for a long series against the step: drawn at most about two points per pixel.

    "peak" keeps each pixel column's minimum and maximum, so the picture is the same; a 4000-point
    history stroked in full cost most of a frame (the Dirac-GAN logs every step).
    """
    return {**fast_line(role, width), "autoDownsample": True, "downsampleMethod": "peak", "clipToView": True}


def label(plot: pg.PlotItem, side: str, text: str, color_: str = FOREGROUND, short: str | None = None) -> None:
    """Set an axis label with the palette's size; with `short`, the axis shows that instead whenever
    `text` is longer than the axis (a label longer than its axis is cut at both ends)."""
    axis = plot.getAxis(side)
    axis.setLabel(text, color=color_, **{"font-size": css_pt(AXIS_PT)})
    if short is not None:
        axis.geometryChanged.connect(lambda: fit_label(axis, text, short))
        fit_label(axis, text, short)


def fit_label(axis: pg.AxisItem, text: str, short: str) -> None:
    """Show `text` on the axis if it fits along the axis' length at the label's present size, else `short`."""
    size = axis.labelStyle.get("font-size", css_pt(AXIS_PT))
    measure = QtGui.QFont()
    measure.setPointSizeF(float(size.removesuffix("pt")))
    length = axis.height() if axis.orientation in ("left", "right") else axis.width()
    margins = 2 * axis.label.document().documentMargin()
    wanted = text if QtGui.QFontMetricsF(measure).horizontalAdvance(text) + margins <= length else short
    if axis.labelText != wanted:
        axis.labelText = wanted
        axis._updateLabel()  # pyqtgraph's setLabel would also reset the style
        axis.resizeEvent()  # centres the new label along the axis (only a resize does)


def legend(plot: pg.PlotItem, offset: tuple[int, int] = (10, 10)) -> pg.LegendItem:
    """A legend with a translucent white frame, so curves under it stay faintly visible."""
    return plot.addLegend(offset=offset, labelTextSize=css_pt(LEGEND_PT), labelTextColor=FOREGROUND,
                          brush=pg.mkBrush(255, 255, 255, 210), pen=pg.mkPen(GREY))


LEGEND_SWATCH_PX = 50  # a legend entry's line sample and the spacing beside its text


class WrappingLegend(pg.LegendItem):
    """A legend under the plot with as many entries to a row as the view's width holds: a legend wider
    than its view pushed the plot's right edge (and its right axis) out of the window."""

    def __init__(self, view):
        super().__init__(colCount=1, labelTextSize=css_pt(LEGEND_PT), labelTextColor=FOREGROUND, frame=False)
        self.view = view
        # the width under the plot, set as the view is resized; one column until then, so that the view's
        # minimum size (which the legend is part of) never asks for more than a narrow window has
        self.room_px = 0.0

    def sizeHint(self, which, constraint=QtCore.QSizeF()) -> QtCore.QSizeF:  # noqa: B008 (Qt's signature)
        """As narrow as one entry: the legend can always wrap to a column, so however many entries a row
        holds now must not stop the plot from being made narrower (the refit follows the resize)."""
        hint = super().sizeHint(which, constraint)
        if which == QtCore.Qt.SizeHint.MinimumSize and self.items:
            return QtCore.QSizeF(min(hint.width(), max(self._widths())), hint.height())
        return hint

    def _widths(self) -> list[float]:
        metrics = QtGui.QFontMetrics(font(LEGEND_PT))
        return [max(metrics.horizontalAdvance(line) for line in label.text.split("<br>")) + LEGEND_SWATCH_PX * scale()
                for _, label in self.items]  # an entry may break its text over lines

    def refit(self) -> None:
        """Choose the column count for the entries listed now and the room known now."""
        widths = self._widths()
        columns = max(1, len(widths))
        while columns > 1 and table_width(widths, columns) > self.room_px:
            columns -= 1
        if self.columnCount != columns:
            self.setColumnCount(columns)
            self.view.updateGeometry()  # its minimum size changed with the legend's shape


def table_width(widths: list[float], columns: int) -> float:
    """The width of entries laid out row by row in `columns` columns, each as wide as its widest entry."""
    return sum(max(widths[k::columns]) for k in range(min(columns, len(widths))))


class _RefitOnResize(QtCore.QObject):
    """Tells a legend the room under its plot whenever the view widget is resized."""

    def __init__(self, view, legend: WrappingLegend, reserve_px: float):
        super().__init__(view)
        self.legend, self.reserve_px = legend, reserve_px
        view.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QtCore.QEvent.Type.Resize:
            self.legend.room_px = watched.width() - self.reserve_px * scale()
            self.legend.refit()
        return False


def legend_below(plot: pg.PlotItem, columns: int) -> pg.LegendItem:
    """A legend of `columns` entries to a row in the plot's layout under the x axis (see wrapping_legend_below)."""
    item = pg.LegendItem(colCount=columns, labelTextSize=css_pt(LEGEND_PT), labelTextColor=FOREGROUND,
                         frame=False)
    plot.layout.addItem(item, 4, 1)
    return item


LEGEND_MARGIN_PX = 12  # the plot's own margins either side of its layout


def wrapping_legend_below(plot: pg.PlotItem, view) -> WrappingLegend:
    """A legend in the plot's layout under the x axis, where it never hides a curve, across the whole width
    (under the axes and a colour bar too) and wrapping to the width of `view`, the plot's widget.
    Call refit() after adding or removing entries."""
    item = WrappingLegend(view)
    plot.layout.addItem(item, 4, 0, 1, max(3, plot.layout.columnCount()))
    _RefitOnResize(view, item, LEGEND_MARGIN_PX)
    return item


def colormap_d() -> pg.ColorMap:
    """Diverging, colour-blind safe, white at the centre: D = 0.5 and witness = 0 fade out."""
    return pg.colormap.get("CET-CBD1")


def colormap_density() -> pg.ColorMap:
    """Sequential from white (no mass) to dark blue, so empty space stays light on a projector."""
    stops = [0.0, 0.25, 0.6, 1.0]
    colors = ["#FFFFFF", "#9CCBEA", "#0072B2", "#08234A"]
    return pg.ColorMap(stops, [pg.mkColor(c) for c in colors])
