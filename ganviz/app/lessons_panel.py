"""The Lessons dock: a lesson's title, the step's text for students, Previous / Next, step k of n.

`install_lessons(host)` adds it to the main window with what the lessons need there: the
sampler, loss-curve and rounding views, their View-menu switches, File → Open lesson…, and
click-to-invert (the trainer process finds z; the result is marked on the strip or the field).
It knows the window only through the host API (ganviz/app/host.py).

A step is carried out through the window's own paths: its config through apply_config (a
reset) or apply_live, its views and layers through the View menu's switches, play and pause
through the transport. Moving Next continues the run when the step says so; any
other move (the first step, Previous, another lesson) starts the step's config afresh, so a
step always looks the same however it was reached.
"""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ganviz.app.session.protocol import Inverted
from ganviz.app.views import palette
from ganviz.app.views.mapping_strip import X_ROW, Z_ROW, _latent_positions
from ganviz.app.views.on_first_show import OnFirstShow
from ganviz.app.views.sampling_view import SamplingView
from ganviz.core.claims.measured import load_measured, step_measurements
from ganviz.core.lessons import Lesson, LessonError, Step, builtin_lessons, lessons_dir, load_lesson
from ganviz.core.presets import preset_speed
from ganviz.core.sampling import check_params
from ganviz.core.targets import make_target

if TYPE_CHECKING:
    from ganviz.app.host import Host

WATCH_MS = 100  # how often a step with run_steps looks at the step counter
PLOT_COLUMN = Fraction(2, 5)  # of the width, beside the lesson dock (a quarter cuts off the plots' legends)


class LessonsPanel(QWidget):
    """Shows one lesson at a time and carries out its steps in the window."""

    step_shown = Signal(int)  # index of the step just carried out

    def __init__(self, host: Host, parent: QWidget | None = None):
        super().__init__(parent)
        self.host = host
        self.views: LessonViews | None = None  # set by LessonViews
        self.lesson: Lesson | None = None
        self.index = 0
        self._measured = load_measured()  # how often each claim held, as shipped
        self.run_until: int | None = None
        self.run_generation = 0  # frames of older runs (before the step's reset) do not count
        self.watch = QTimer(self, interval=WATCH_MS)
        self.watch.timeout.connect(self._check_run)
        self._build()
        self._fill_builtin()

    def _build(self) -> None:
        self.chooser = QComboBox()
        # as wide as the dock, not as its longest lesson title (which kept the window from 1024 px)
        self.chooser.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.chooser.setMinimumContentsLength(16)
        self.chooser.setToolTip("The built-in lessons, in teaching order")
        self.chooser.activated.connect(self._on_choose)
        self.title = QLabel("")
        self.title.setWordWrap(True)
        self.title.setFont(palette.font(palette.TITLE_PT + 1))
        self.step_title = QLabel("")
        self.step_title.setWordWrap(True)
        bold = palette.font(palette.AXIS_PT)
        bold.setBold(True)
        self.step_title.setFont(bold)
        self.text = QTextBrowser()
        self.text.setFont(palette.font(palette.AXIS_PT))
        self.text.setOpenExternalLinks(False)
        self.counter = QLabel("")
        self.counter.setAlignment(Qt.AlignCenter)
        self.prev_button = QPushButton("◀ Previous")
        self.next_button = QPushButton("Next ▶")
        self.prev_button.clicked.connect(self.previous)
        self.next_button.clicked.connect(self.next)
        nav = QHBoxLayout()
        nav.addWidget(self.prev_button)
        nav.addWidget(self.counter, 1)
        nav.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        for w in (self.chooser, self.title, self.step_title):
            layout.addWidget(w)
        layout.addWidget(self.text, 1)
        layout.addLayout(nav)
        self._sync_buttons()

    def _fill_builtin(self) -> None:
        self.chooser.addItem("Choose a lesson…", None)
        for path in builtin_lessons():
            try:
                title = load_lesson(path).title
            except LessonError:
                continue  # a broken built-in is reported by its test, not in the classroom
            self.chooser.addItem(title, str(path))

    # ----- lessons -----------------------------------------------------------------------------
    def _on_choose(self, i: int) -> None:
        path = self.chooser.itemData(i)
        if path:
            self.views.open(Path(path))

    def show_lesson(self, lesson: Lesson, path: Path | None = None) -> None:
        """Start a loaded lesson at its first step."""
        self.lesson = lesson
        self.chooser.setCurrentIndex(max(0, self.chooser.findData(str(path)) if path else 0))
        self.title.setText(lesson.title)
        self.go(0, fresh=True)

    def next(self) -> None:
        """The next step, continuing the run where the step allows."""
        if self.lesson and self.index + 1 < len(self.lesson.steps):
            self.go(self.index + 1, fresh=False)

    def previous(self) -> None:
        """The step before, started afresh."""
        if self.lesson and self.index > 0:
            self.go(self.index - 1, fresh=True)

    def go(self, index: int, fresh: bool = True) -> None:
        """Show step `index` and carry it out (fresh: always restart the run with its config)."""
        step = self.lesson.steps[index]
        self.index = index
        self.step_title.setText(step.title)
        lines = step_measurements(self.lesson.name, step.claims, self._measured) if step.claims else []
        self.text.setPlainText(step.text + ("\n\nClick a point in the density or field view to find its latent z."
                                            if step.invert else "")
                               + ("\n\nWhat this step claims, checked by `ganviz claims`:\n" + "\n".join(lines)
                                  if lines else ""))
        self.counter.setText(f"step {index + 1} of {len(self.lesson.steps)}")
        self._sync_buttons()
        self._carry_out(step, fresh)
        self.step_shown.emit(index)

    def _sync_buttons(self) -> None:
        n = len(self.lesson.steps) if self.lesson else 0
        self.prev_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index + 1 < n)

    # ----- carrying out a step -----------------------------------------------------------------
    def _carry_out(self, step: Step, fresh: bool) -> None:
        host = self.host
        host.set_playing(False)
        self.run_until = None
        self.watch.stop()
        self.run_generation = host.generation
        if fresh or step.reset:
            self.run_generation = host.generation + 1
            host.apply_config(step.config)
            host.set_speed(preset_speed(step.preset) if step.preset else math.inf)  # as the preset opens
        else:
            host.apply_live(step.config)
        self.views.show(step.show, step.layers)
        self.views.set_invert(step.invert)
        if step.sampler is not None:
            cfg = step.config
            self.views.sampler.run(make_target(cfg.target, cfg.target_params), step.sampler)
        # the trainer pauses exactly at run_steps; the watch then shows it on the transport
        host.send("until", step.run_steps if step.play else None)
        frame = host.last_frame
        done = (not (fresh or step.reset) and step.run_steps is not None and frame is not None
                and frame.step >= step.run_steps)  # continued from a step that already ran that far
        if step.play and not done:
            if step.run_steps is not None:
                self.run_until = step.run_steps
                self.watch.start()
            host.set_playing(True)

    def _check_run(self) -> None:
        """Pause once the run reaches the step's run_steps."""
        frame = self.host.last_frame
        if (self.run_until is not None and frame is not None and frame.generation >= self.run_generation
                and frame.step >= self.run_until):
            self.host.set_playing(False)
            self.run_until = None
            self.watch.stop()


def _loss_curves_view():
    from ganviz.app.views.loss_curves_view import LossCurvesView

    return LossCurvesView()


def _rounding_view():
    from ganviz.app.views.loss_curves_view import RoundingView

    return RoundingView()


class LessonViews:
    """The lesson-only views and switches, added to the window (which keeps its own layout)."""

    def __init__(self, host: Host):
        self.host = host
        self.sampler = SamplingView()
        # built when first shown: their curves come from autograd, and the window need not import torch
        self.loss_curves = OnFirstShow(_loss_curves_view)
        self.rounding = OnFirstShow(_rounding_view)
        host.add_page(self.sampler)  # beside the main page, which it replaces while shown
        for w in (self.loss_curves, self.rounding):
            host.add_plot(w)
        for w in (self.sampler, self.loss_curves, self.rounding):
            w.setVisible(False)
        self.panel = LessonsPanel(host)
        self.panel.views = self
        dock = QDockWidget("Lesson")
        dock.setObjectName("lessons-dock")
        dock.setWidget(self.panel)
        dock.setMinimumWidth(300)
        # a tab beside Settings: the views keep the window's width, and the text its height
        host.add_dock(dock)  # shown from the first start (the window keeps Settings in front)
        self.dock = dock
        self._add_menus()
        self.marks = InversionMarks(host)
        for view in (host.plot("density_1d"), host.plot("field_2d")):
            view.scene().sigMouseClicked.connect(lambda ev, v=view: self._on_click(v, ev))
        host.on_snapshot(self.draw)
        host.on_reply(self._on_reply)

    def _add_menus(self) -> None:
        open_lesson = QAction("Open &lesson…", self.dock)
        open_lesson.triggered.connect(self.open_dialog)
        self.host.add_menu_actions("file", [open_lesson])
        self.actions: dict[str, QAction] = {}
        view_actions = [self.dock.toggleViewAction()]
        for name, widget, label in (("sampler", self.sampler, "Sampling methods (replaces the main view)"),
                                    ("loss_curves", self.loss_curves, "Loss and gradient against D(G(z))"),
                                    ("rounding", self.rounding, "Rounded outputs")):
            act = QAction(label, self.dock, checkable=True)
            act.toggled.connect(lambda on, n=name, w=widget: self._set_view(n, w, on))
            view_actions.append(act)
            self.actions[name] = act
        self.invert_action = QAction("Click to invert G (find z with G(z) ≈ x)", self.dock, checkable=True)
        self.host.add_menu_actions("view", [*view_actions, self.invert_action])

    def _set_view(self, name: str, widget: QWidget, on: bool) -> None:
        widget.setVisible(on)
        if name == "sampler":
            self.host.show_main_page(not on)
            cfg = self.host.config
            if on and self.sampler.sampler is None and cfg.dim == 1 and cfg.target != "dirac":
                # opened from the View menu: start on the current 1-D target
                self.sampler.run(make_target(cfg.target, cfg.target_params), check_params({"method": "inverse"}))
        elif on and self.host.last_frame is not None:
            widget.update(self.host.last_frame.snapshot)

    # ----- what a step asks for ----------------------------------------------------------------
    def show(self, names, layers: dict) -> None:
        """Show exactly these plots and layers, through the View menu's own switches."""
        for name, act in {**self.host.view_switches(), **self.actions}.items():
            act.setChecked(name in names)
        page = self.host.views().get("image_page")
        if page is not None:  # the image page's tabs: the latent walk unless the step asks for the code finder
            page.show_finder("find_code" in names)
        self.host.set_layers(layers)
        self.host.balance_plots(PLOT_COLUMN)

    def set_invert(self, on: bool) -> None:
        """Turn click-to-invert on or off (and clear old marks)."""
        self.invert_action.setChecked(on)
        self.marks.clear()

    def draw(self, snapshot) -> None:
        """Feed the lesson views that are shown (called by the window for every frame)."""
        if snapshot.kind == "1d" and snapshot.p_gen is not None:
            for view in (self.loss_curves, self.rounding):
                if view.isVisible():
                    view.update(snapshot)

    def open_dialog(self) -> None:
        """File → Open lesson…: a teacher's own lesson file."""
        path, _ = QFileDialog.getOpenFileName(self.dock, "Open lesson", str(lessons_dir()), "ganviz lesson (*.json)")
        if path:
            self.open(Path(path))

    def open(self, path: Path) -> bool:
        """Open a lesson file; a bad one is refused with its message and nothing changes."""
        try:
            lesson = load_lesson(path)
        except LessonError as e:
            QMessageBox.warning(self.dock, "Cannot open lesson", str(e))
            return False
        self.dock.setVisible(True)
        self.dock.raise_()
        self.panel.show_lesson(lesson, path)
        return True

    # ----- inversion ---------------------------------------------------------------------------
    def _on_click(self, view, event) -> None:
        if not self.invert_action.isChecked() or event.button() != Qt.LeftButton:
            return
        vb = view.plotItem.vb
        if not vb.sceneBoundingRect().contains(event.scenePos()):
            return
        p = vb.mapSceneToView(event.scenePos())
        self.invert_at([p.x()] if view is self.host.plot("density_1d") else [p.x(), p.y()])

    def invert_at(self, point: list) -> None:
        """Ask the trainer for the z whose G(z) is closest to `point` (what a click does)."""
        self.host.send("invert", point)
        self.host.show_message("looking for z…", 3000)

    def _on_reply(self, message) -> None:
        if not isinstance(message, Inverted) or len(message.x) > 2:  # an image's code: the image page shows it
            return
        self.marks.show(np.asarray(message.x), np.asarray(message.z), np.asarray(message.g_of_z))
        zs = ", ".join(f"{v:.4g}" for v in message.z)
        self.host.show_message(f"z = ({zs}) gives G(z) at distance {message.distance:.2g} from the point clicked",
                               15000)


class InversionMarks:
    """Markers of the last inversion: on the mapping strip (1-D) or the field view (2-D)."""

    def __init__(self, host: Host):
        self.host = host
        size = 14 * palette.scale()
        self.strip_link = pg.PlotDataItem(pen=palette.pen(palette.VERMILLION, palette.LINE))
        self.strip_points = pg.ScatterPlotItem(symbol="star", size=size, brush=palette.brush(palette.VERMILLION),
                                               pen=pg.mkPen("k", width=1))
        self.clicked_1d = pg.InfiniteLine(angle=90, pen=palette.pen(palette.VERMILLION, palette.THIN, "dash"))
        self.field_points = pg.ScatterPlotItem(size=size, pen=pg.mkPen("k", width=1))
        for item in (self.strip_link, self.strip_points):
            host.plot("strip").plotItem.addItem(item)
        host.plot("density_1d").plotItem.addItem(self.clicked_1d, ignoreBounds=True)
        host.plot("field_2d").plotItem.addItem(self.field_points)
        self.clear()

    def clear(self) -> None:
        """Remove the marks."""
        for item in (self.strip_link, self.strip_points, self.clicked_1d, self.field_points):
            item.setVisible(False)

    def show(self, x: np.ndarray, z: np.ndarray, gz: np.ndarray) -> None:
        """Mark the point clicked, the z found and G(z)."""
        frame = self.host.last_frame
        if len(x) == 1:
            self.clicked_1d.setValue(float(x[0]))
            self.clicked_1d.setVisible(True)
            snap = frame.snapshot if frame is not None else None
            if snap is not None and snap.z is not None and len(z) == 1:
                # placed as the strip places its latents: z's range stretched over the middle of the line
                top = _latent_positions(np.array([snap.z[0], snap.z[-1], z[0]]), snap.grid)[-1]
                self.strip_link.setData([top, gz[0]], [Z_ROW, X_ROW])
                self.strip_points.setData(x=[top, gz[0]], y=[Z_ROW, X_ROW])
                self.strip_link.setVisible(True)
                self.strip_points.setVisible(True)
        else:
            self.field_points.setData(x=[x[0], gz[0]], y=[x[1], gz[1]], symbol=["x", "star"],
                                      brush=[palette.brush(palette.BLACK), palette.brush(palette.VERMILLION)])
            self.field_points.setVisible(True)


def install_lessons(host: Host) -> LessonViews:
    """Add the Lessons dock, the lesson views and click-to-invert to a window."""
    return LessonViews(host)
