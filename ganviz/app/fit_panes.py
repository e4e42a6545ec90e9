"""Dropping the panes that cannot fit: presentation mode scales every plot 2–4×, and on a projector's
1024×768 the plots side by side then no longer fit, so they would clip their axes and legends.

The panes of the view area are nested splitters; a splitter's later panes matter less than its first
(the page before the history column, the densities before the map of z, the Dirac plane before its
side column). Where a splitter's visible panes need more room than it has, its last visible pane is
hidden, until they fit or one is left; then each pane that stays is fitted inside its share.
"""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QSplitter, QStackedWidget, QWidget

LEGEND_ROOM_PX = 20  # a framed legend's offset from the plot's corner, and a little air
DATA_PX = 150  # the least room, each way, for a plot's data between its axes


def _framed(legend) -> bool:
    """A legend drawn inside the plot (not one in the layout under it)."""
    return isinstance(legend, pg.LegendItem) and legend.isVisible() and legend.parentItem() is not None \
        and isinstance(legend.parentItem(), pg.ViewBox)


def _inner(widget: QWidget) -> QWidget | None:
    """The splitter a plain container holds (the Dirac page is a widget around one), else None."""
    if isinstance(widget, QStackedWidget):
        return widget.currentWidget()
    if isinstance(widget, QSplitter):
        return widget
    found = widget.findChildren(QSplitter, options=Qt.FindDirectChildrenOnly)
    return found[0] if len(found) == 1 else None


def _panes(splitter: QSplitter) -> list[QWidget]:
    return [splitter.widget(i) for i in range(splitter.count()) if not splitter.widget(i).isHidden()]


def min_size(widget: QWidget) -> QSize:
    """The least room `widget` needs to draw without clipping: a plot's layout minimum, a splitter's panes
    side by side (or stacked), another widget's own minimum size hint."""
    if isinstance(widget, pg.GraphicsView) and widget.centralWidget is not None:
        central = widget.centralWidget
        hint = central.effectiveSizeHint(Qt.MinimumSize)
        # a legend inside the plot needs that much of the plot's own height, which its layout does not count
        legend = getattr(central, "legend", None)
        inside = legend.boundingRect().height() + LEGEND_ROOM_PX if _framed(legend) else 0.0
        # and a plot is only worth showing with room for its data: its layout alone would take a sliver
        data = DATA_PX if any(isinstance(item, pg.ViewBox) for item in widget.scene().items()) else 0
        return QSize(int(hint.width() + data + 0.999), int(hint.height() + max(inside, data) + 0.999))
    inner = _inner(widget)
    if inner is None:
        return widget.minimumSizeHint().expandedTo(widget.minimumSize())
    if not isinstance(inner, QSplitter):
        return min_size(inner)
    sizes = [min_size(p) for p in _panes(inner)]
    handles = inner.handleWidth() * max(0, len(sizes) - 1)
    if inner.orientation() == Qt.Horizontal:
        return QSize(sum(s.width() for s in sizes) + handles, max((s.height() for s in sizes), default=0))
    return QSize(max((s.width() for s in sizes), default=0), sum(s.height() for s in sizes) + handles)


def fit(widget: QWidget, room: QSize) -> list[Callable[[], None]]:
    """Hide the later panes that do not fit in `room`, recursively, and hold each pane that stays at its
    minimum size at least (a splitter shares room by its stretch factors, not by what a plot needs);
    returns what undoes it, to be called in reverse order."""
    inner = _inner(widget)
    if inner is None:
        return []
    if not isinstance(inner, QSplitter):
        return fit(inner, room)
    horizontal = inner.orientation() == Qt.Horizontal
    along = (lambda s: s.width()) if horizontal else (lambda s: s.height())
    undo: list[Callable[[], None]] = []
    panes = _panes(inner)
    while len(panes) > 1 and sum(along(min_size(p)) for p in panes) + inner.handleWidth() * (len(panes) - 1) \
            > along(room):
        pane = panes.pop()
        pane.hide()
        undo.append(pane.show)
    for pane in panes:
        share = QSize(room)  # what is left of the room once the others have their minimum
        if horizontal:
            share.setWidth(room.width() - sum(min_size(p).width() for p in panes if p is not pane))
        else:
            share.setHeight(room.height() - sum(min_size(p).height() for p in panes if p is not pane))
        undo += fit(pane, share)
        need = min_size(pane)  # after its own panes were fitted: what it keeps showing
        old = pane.minimumSize()
        least = need.boundedTo(share)
        if horizontal:
            pane.setMinimumSize(least.width(), old.height())
        else:
            pane.setMinimumSize(old.width(), least.height())
        undo.append(lambda p=pane, o=old: p.setMinimumSize(o))
    return undo


def needs(widget: QWidget) -> tuple:
    """The minimum sizes of every plot under `widget`, shown or hidden: when they change, fit again."""
    return tuple(min_size(v).toTuple() for v in widget.findChildren(pg.GraphicsView))
