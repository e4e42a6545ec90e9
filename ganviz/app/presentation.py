"""Presentation mode: the views full screen, readable from the back of a lecture room.

Entering scales every font and line of the views by a factor (a setting, 2× by default, kept in
QSettings), strengthens line colours for a washed-out projector, hides the menus, docks and
status bar, and shows one bar with Play/Pause, Step and a large step counter. Every change is
recorded with its undo, so leaving puts back exactly what was there.
"""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import QByteArray, QEvent, QMargins, QObject, QRect, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QInputDialog,
    QLabel,
    QMainWindow,
    QSizePolicy,
    QSplitter,
    QTabBar,
    QToolBar,
    QWidget,
)

from ganviz.app.fit_panes import fit, needs
from ganviz.app.views import palette

SCALE_KEY = "presentation/scale"
DEFAULT_SCALE = 2.0
SCALE_RANGE = (1.0, 4.0)
HOLD_MS = 3000  # how long after leaving a late resize by the window system is undone
COUNTER_PT = 28  # the step counter, before scaling
COUNTER_ROOM = 9_999_999  # the longest count the counter has room for
TEXT_WIDGETS = (QLabel, QTabBar, QAbstractButton, QComboBox, QAbstractSpinBox)  # scaled with the plots


def scale_setting(settings: QSettings) -> float:
    """The saved presentation scale (the default when missing or not a number in range)."""
    try:
        value = float(settings.value(SCALE_KEY, DEFAULT_SCALE))
    except (TypeError, ValueError):
        return DEFAULT_SCALE
    return value if SCALE_RANGE[0] <= value <= SCALE_RANGE[1] else DEFAULT_SCALE


class Presentation(QObject):
    """Enters and leaves presentation mode for a main window whose central widget holds the views."""

    def __init__(self, window: QMainWindow, settings: QSettings, *, toggle_play: Callable[[], None],
                 step: Callable[[], None], is_playing: Callable[[], bool], current_step: Callable[[], int]):
        super().__init__(window)
        self.window = window
        self.settings = settings
        self._toggle_play, self._step = toggle_play, step
        self._is_playing, self._current_step = is_playing, current_step
        self._undo: list[Callable[[], None]] = []
        self._fitted: list[Callable[[], None]] = []  # undoes the fitting of the panes to this scale
        self._fit_key: tuple | None = None  # the room and the plots' needs the panes were fitted to
        self.bar: QToolBar | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._refresh)

    @classmethod
    def for_window(cls, window) -> Presentation:
        """Presentation mode for ganviz's MainWindow (its transport, step and frames)."""
        mode = cls(window, window.settings, toggle_play=window.transport_toggle, step=lambda: window.step("both"),
                   is_playing=window.transport.is_playing,
                   current_step=lambda: window.last_frame.step if window.last_frame is not None else 0)
        window.on_snapshot(lambda snapshot: mode.show_step(snapshot.step))
        return mode

    def show_step(self, step: int) -> None:
        """The counter follows every frame drawn (the 100 ms refresh alone lagged: "step 3" at step 300)."""
        if self.bar is not None:
            self.counter.setText(f"step {step:,}")

    def scale_dialog(self) -> None:
        """View → Presentation scale…: ask for the factor (1–4)."""
        lo, hi = SCALE_RANGE
        value, ok = QInputDialog.getDouble(self.window, "Presentation scale",
                                           f"Fonts and lines in presentation mode, × ({lo:g}–{hi:g}):",
                                           self.scale, lo, hi, 2)
        if ok:
            self.set_scale(value)

    @property
    def active(self) -> bool:
        """Whether presentation mode is on."""
        return self.bar is not None

    @property
    def scale(self) -> float:
        """The factor fonts and lines grow by."""
        return scale_setting(self.settings)

    def set_scale(self, factor: float) -> None:
        """Remember a new factor (ValueError outside 1–4); applied at once if presenting."""
        lo, hi = SCALE_RANGE
        if not lo <= factor <= hi:
            raise ValueError(f"presentation scale must be {lo:g} to {hi:g}, got {factor:g}")
        self.settings.setValue(SCALE_KEY, float(factor))
        if self.active:
            self.leave()
            self.enter()

    def toggle(self) -> None:
        """F11: enter or leave."""
        self.leave() if self.active else self.enter()

    # ----- entering ----------------------------------------------------------------------------
    def enter(self) -> None:
        """Full screen, scaled views, controls hidden but for play/pause/step and a large counter."""
        if self.active:
            return
        w = self.window
        f = self.scale
        state, geometry, window_state = w.saveState(), w.geometry(), w.windowState()
        self._undo.append(lambda: self._restore_window(state, geometry, window_state))
        self._undo.append(self._refit_legends)  # undone last: the legends wrap again at 1×
        before = palette.scale()
        palette.set_scale(before * f)  # what the views build while presenting (a legend's new entries) is scaled too
        self._undo.append(lambda: palette.set_scale(before))
        for bar in (w.menuBar(), w.statusBar()):
            self._set_visible(bar, False)
        for child in w.findChildren(QWidget):
            if child.parent() is w and (child.inherits("QDockWidget") or child.inherits("QToolBar")):
                self._set_visible(child, False)
        # widths first, so that they are put back last, once the views are at 1× again: the scaled views'
        # minimum sizes would clamp the old widths
        area = w.view_area()
        for splitter in area.findChildren(QSplitter) + [area]:
            self._share_width(splitter)
        for view in self._views():
            self._scale_scene(view, f)
        self._scale_widget_text(f)
        self._refit_legends()
        self.bar = self._make_bar(f)
        w.addToolBar(Qt.TopToolBarArea, self.bar)
        self.bar.show()
        w.showFullScreen()
        self._fit_key = None
        self._refresh()  # fits the panes, and again whenever the room or a plot's needs change
        self._timer.start()

    def _fit(self) -> None:
        """Hide the panes that cannot show their plots whole at this scale (see fit_panes); show again
        those that now fit."""
        if not self.active:
            return
        self._unfit()
        w = self.window
        room = self._room()
        self._fitted = fit(w.view_area(), room)
        self._fit_key = (room, needs(w.view_area()))
        if w.isFullScreen() and w.screen() is not None and w.geometry() != w.screen().geometry():
            w.showFullScreen()  # narrower now: the window system may size it to the screen again

    def _room(self) -> QSize:
        w = self.window
        full = w.isFullScreen() and w.screen() is not None
        # a window whose plots grew wider than the screen is wider than full screen: fit to the screen
        room = w.size().boundedTo(w.screen().geometry().size()) if full else w.size()
        return room.shrunkBy(QMargins(0, self.bar.sizeHint().height(), 0, 0))

    def _unfit(self) -> None:
        while self._fitted:
            self._fitted.pop()()

    def leave(self) -> None:
        """Put everything back as it was before entering."""
        if not self.active:
            return
        self._timer.stop()
        self._unfit()
        self.window.removeToolBar(self.bar)
        self.bar.deleteLater()
        self.bar = None
        while self._undo:
            self._undo.pop()()

    def _restore_window(self, state: QByteArray, geometry: QRect, window_state) -> None:
        w = self.window
        w.setWindowState(window_state)

        def settle() -> None:
            w.restoreState(state)  # the docks first: they change the window's minimum size, and so its size
            if not window_state & (Qt.WindowFullScreen | Qt.WindowMaximized):
                w.setGeometry(geometry)

        settle()
        # Leaving full screen resizes the window again later, by the window system's clock (0.1–0.5 s here,
        # later on a busy machine): each such resize in the next moments is answered by putting sizes back.
        hold = _ResizeHold(w, geometry.size(), settle)
        QTimer.singleShot(HOLD_MS, hold.release)

    def _set_visible(self, widget: QWidget, on: bool) -> None:
        was = widget.isVisible() if widget.isWindow() else not widget.isHidden()
        widget.setVisible(on)
        self._undo.append(lambda: widget.setVisible(was))

    def _share_width(self, splitter) -> None:
        """Side-by-side panes get equal widths: at 2× a narrow history column's legends no longer fit."""
        if not isinstance(splitter, QSplitter) or splitter.orientation() != Qt.Horizontal:
            return
        sizes = splitter.sizes()
        shown = [s > 0 for s in sizes]
        if sum(shown) < 2:
            return
        each = sum(sizes) // sum(shown)
        splitter.setSizes([each if on else 0 for on in shown])
        self._undo.append(lambda: splitter.setSizes(sizes))

    def _refit_legends(self) -> None:
        """Legends take their entries' size now: a framed one grows or shrinks around them, a wrapping one
        chooses its columns anew."""
        for view in self._views():
            for item in view.scene().items():
                if isinstance(item, palette.WrappingLegend):
                    item.room_px = view.width() - palette.LEGEND_MARGIN_PX * palette.scale()
                    item.refit()
                elif isinstance(item, pg.LegendItem):
                    item.updateSize()

    def _views(self) -> list[pg.GraphicsView]:
        area = self.window.view_area()
        views = area.findChildren(pg.GraphicsView)
        return ([area] if isinstance(area, pg.GraphicsView) else []) + views

    # ----- scaling the views -------------------------------------------------------------------
    def _scale_widget_text(self, f: float) -> None:
        """The text of plain widgets among the views (the image page's title, its tabs, the latent walk's
        and the code finder's notes and buttons) grows with the plots'."""
        for widget in self.window.view_area().findChildren(QWidget):
            if isinstance(widget, TEXT_WIDGETS):
                font = QFont(widget.font())
                widget.setFont(_scaled_font(font, f))
                self._undo.append(lambda w=widget, ft=font: w.setFont(ft))

    def _scale_scene(self, view: pg.GraphicsView, f: float) -> None:
        for item in view.scene().items():
            if isinstance(item, pg.PlotDataItem):
                self._scale_data_item(item, f)
            elif isinstance(item, pg.PlotCurveItem) and not isinstance(item.parentItem(), pg.PlotDataItem):
                pen = pg.mkPen(item.opts["pen"])
                item.setPen(projector_pen(pen, f))
                self._undo.append(lambda i=item, p=pen: i.setPen(p))
            elif isinstance(item, pg.ScatterPlotItem) and not isinstance(item.parentItem(), pg.PlotDataItem):
                size = item.opts["size"]
                item.setSize(size * f)
                self._undo.append(lambda i=item, s=size: i.setSize(s))
            elif isinstance(item, pg.AxisItem):
                self._scale_axis(item, f)
            elif isinstance(item, pg.LabelItem):
                self._scale_label(item, f)
            elif isinstance(item, pg.LegendItem):
                size = item.opts["labelTextSize"]
                item.opts["labelTextSize"] = _scaled_css(size, f)  # for entries added while presenting
                self._undo.append(lambda i=item, s=size: i.opts.__setitem__("labelTextSize", s))
            elif isinstance(item, pg.TextItem):
                font = QFont(item.textItem.font())
                item.setFont(_scaled_font(font, f))
                self._undo.append(lambda i=item, ft=font: i.setFont(ft))

    def _scale_data_item(self, item: pg.PlotDataItem, f: float) -> None:
        opts = item.opts
        pen = opts.get("pen")
        if pen is not None:
            pen = pg.mkPen(pen)
            item.setPen(projector_pen(pen, f))
            self._undo.append(lambda: item.setPen(pen))
        size = opts.get("symbolSize")
        if opts.get("symbol") is not None and size:
            item.setSymbolSize(size * f)
            self._undo.append(lambda: item.setSymbolSize(size))

    def _scale_axis(self, axis: pg.AxisItem, f: float) -> None:
        tick = axis.style.get("tickFont")
        base = QFont(tick) if tick is not None else QFont()
        label_style = dict(axis.labelStyle)
        pen = pg.mkPen(axis.pen())
        width, height = axis.fixedWidth, axis.fixedHeight
        axis.setTickFont(_scaled_font(base, f))
        if "font-size" in label_style:
            axis.labelStyle["font-size"] = _scaled_css(label_style["font-size"], f)
            axis._updateLabel()  # pyqtgraph has no public call that re-renders the label with its style
        axis.setPen(pg.mkPen(pen.color(), width=pen.widthF() * f))
        if width is not None:
            axis.setWidth(int(width * f))
        elif axis.orientation in ("bottom", "top"):
            axis.setHeight(int(axis.height() * f))

        def undo() -> None:
            axis.setTickFont(tick)
            axis.labelStyle = label_style
            axis._updateLabel()
            axis.setPen(pen)
            if width is not None:
                axis.setWidth(width)
            elif axis.orientation in ("bottom", "top"):
                axis.setHeight(height)

        self._undo.append(undo)

    def _scale_label(self, label: pg.LabelItem, f: float) -> None:
        size = label.opts.get("size")
        if not size:
            return
        max_height = label.maximumHeight()
        label.setText(label.text, size=_scaled_css(size, f))
        if 0 < max_height < 1000:  # plot titles are capped at 30 px
            label.setMaximumHeight(max_height * f)
        self._undo.append(lambda: (label.setText(label.text, size=size), label.setMaximumHeight(max_height)))

    # ----- the bar -----------------------------------------------------------------------------
    def _make_bar(self, f: float) -> QToolBar:
        bar = QToolBar("Presentation")
        bar.setObjectName("presentation-bar")
        bar.setMovable(False)
        font = QFont(self.window.font())
        font.setPointSizeF(font.pointSizeF() * f)
        bar.setFont(font)
        self.play_action = bar.addAction("Play", self._toggle_play)
        self.play_action.setToolTip("Play / pause (Space)")
        self.step_action = bar.addAction("Step", self._step)
        self.step_action.setToolTip("One iteration (S)")
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
        bar.addWidget(spacer)
        self.counter = QLabel("step 0")
        counter_font = QFont(font)
        counter_font.setPointSizeF(COUNTER_PT * f / 2)
        counter_font.setBold(True)
        self.counter.setFont(counter_font)
        # room for a long run's count from the start: a toolbar does not widen a label as its text grows,
        # so "step 300" showed as "step 3"
        self.counter.setMinimumWidth(QFontMetrics(counter_font).horizontalAdvance(f"step {COUNTER_ROOM:,}"))
        bar.addWidget(self.counter)
        leave = bar.addAction("Leave (F11)", self.leave)
        leave.setToolTip("Back to the normal window")
        return bar

    def _refresh(self) -> None:
        if self.bar is None:
            return
        # the plots' minimum sizes follow their scaled fonts and legends only once their layouts have run,
        # and the window reaches full screen when the window system says: fit again when either changed
        if self._fit_key != (self._room(), needs(self.window.view_area())):
            self._fit()
        self.play_action.setText("Pause" if self._is_playing() else "Play")
        self.show_step(self._current_step())


def _scaled_font(font: QFont, f: float) -> QFont:
    out = QFont(font)
    size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
    out.setPointSizeF(size * f)
    return out


def _scaled_css(size: str, f: float) -> str:
    """"12pt" × 2 → "24pt" (pt or px)."""
    for unit in ("pt", "px"):
        if size.endswith(unit):
            return f"{float(size[:-len(unit)]) * f:g}{unit}"
    return size


def projector_pen(pen, f: float):
    """A copy of `pen`, `f` times as wide, its colour made to survive a washed-out projector."""
    out = pg.mkPen(pen)
    out.setColor(palette.projector_color(pen.color()))
    out.setWidthF(max(pen.widthF(), 1.0) * f)
    return out


class _ResizeHold(QObject):
    """Until released, answers a resize of the window away from `size` (when not full screen) with `settle`."""

    def __init__(self, window: QMainWindow, size, settle: Callable[[], None]):
        super().__init__(window)
        self.window, self.size, self.settle = window, size, settle
        window.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if (obj is self.window and event.type() == QEvent.Resize and event.size() != self.size
                and not self.window.isFullScreen()):
            QTimer.singleShot(0, self.settle)
        return False

    def release(self) -> None:
        self.window.removeEventFilter(self)
        self.deleteLater()
