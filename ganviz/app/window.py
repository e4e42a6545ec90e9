"""The main window: controls in a dock, views in the centre, histories beside them.

The window holds no training logic and no run state: its Session (app/session/run_session.py)
keeps the config, the generation, the frames and the histories, and talks to the trainer process;
the window lays out the views and controls, wires them to the session, and draws what it is handed.
"""

from __future__ import annotations

import json
import logging
import math
import time
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ganviz.app import draw_target, export, recorder
from ganviz.app.autosave import Autosaver
from ganviz.app.controls.panel import ControlsPanel
from ganviz.app.controls.timeline import TimelineSlider
from ganviz.app.controls.transport import TransportControls
from ganviz.app.gallery import install_gallery
from ganviz.app.lessons_panel import install_lessons
from ganviz.app.meter import FrameCounter, StallMeter
from ganviz.app.networks_page import install_networks
from ganviz.app.page_stack import PageStack
from ganviz.app.presentation import Presentation
from ganviz.app.preset_menu import install_preset_menu
from ganviz.app.session.protocol import Frame, Inverted, Moved, Walked
from ganviz.app.session.run_session import Session
from ganviz.app.spectrum_dock import install_spectrum
from ganviz.app.views.density_1d import Density1DView
from ganviz.app.views.density_2d import Density2DView
from ganviz.app.views.dirac_plane import DiracPlane
from ganviz.app.views.field_2d import Field2DView
from ganviz.app.views.history_plots import LossPlot, MetricsPlot
from ganviz.app.views.image_page import ImagePage
from ganviz.app.views.mapping_strip import MappingStrip
from ganviz.app.views.mode_bars import ModeBarsView
from ganviz.app.views.transform_plot import TransformPlot
from ganviz.core import experiment_file
from ganviz.core.config import CRITIC_LOSSES, Config, from_json
from ganviz.core.errors import ConfigError
from ganviz.core.preview import preview_snapshot
from ganviz.core.targets import make_target

log = logging.getLogger("ganviz")

PAGES = {"1d": 0, "2d": 1, "dirac": 2, "image": 3}
EXPERIMENT_FILTER = "ganviz experiment (*.npz *.json)"
SAVE_FILTERS = "ganviz experiment, the whole run (*.npz);;settings only (*.json)"
HISTORY_DELAY_MS = 12  # the history plots are drawn this long after a frame's views: about half a frame


class MainWindow(QMainWindow):
    """The ganviz window."""

    def __init__(self, config: Config, settings: QSettings | None = None):
        super().__init__()
        self.setWindowTitle("ganviz — adversarial training, live")
        self.settings = settings or QSettings("ganviz", "ganviz")
        self.session = Session(config, self)
        self.kind = ""
        self._history_copy: tuple[int, dict] = (-1, {})  # (history version, its arrays) last drawn
        self.counter = FrameCounter()
        self.stalls = StallMeter(self)
        # The history plots are drawn in an event of their own, a few ms after the frame's views: one
        # long paint of everything became two short ones, and the longest GUI stall is what --report measures.
        self.history_timer = QTimer(self, singleShot=True, interval=HISTORY_DELAY_MS)
        self.history_timer.timeout.connect(self._draw_history)
        session = self.session
        session.frame.connect(self._on_frame)
        session.moved.connect(self._went_to)
        session.refused.connect(lambda key, why: self.statusBar().showMessage(f"refused: {key}: {why}", 8000))
        session.file_refused.connect(
            lambda why: QMessageBox.warning(self, "Cannot open experiment", f"experiment: {why}"))
        session.failed.connect(self._on_error)
        session.died.connect(self._on_died)
        session.marks_changed.connect(self._show_marks)
        self.saver = session.saver
        self.saver.saved.connect(lambda path: self.statusBar().showMessage(f"saved {path}", 4000))
        self.saver.failed.connect(lambda why: QMessageBox.warning(self, "Cannot save experiment", why))
        self._game_json = ""  # the run config the views were last set up for (see _show_game)
        self._snapshot_listeners: list = []  # parts added to the window that draw snapshots too (host.on_snapshot)
        self._frame_listeners: list = []  # and frames (host.on_frame)
        self._build_views()
        self._build_controls()
        self._build_status()
        self._build_menus()
        self.presets_menu = install_preset_menu(self, self)
        self.lessons = install_lessons(self)
        self.spectrum = install_spectrum(self)
        self.networks = install_networks(self)
        self.image_page.walk.requested.connect(lambda a, b, mode, n: self.session.send("walk", (a, b, mode, n)))
        self.image_page.finder.requested.connect(lambda x: self.session.send("invert", x))
        self.on_reply(self._on_image_reply)
        self.gallery = install_gallery(self, self.lessons, self.presets_menu.open)
        self.settings_dock.raise_()  # Settings in front; the Lesson tab beside it says lessons exist
        # views 3 : plots 2 (the pages added between them, hidden, 0); a splitter left to its size
        # hints gave the plots 312 of 1254 px and cut their legends off
        centre = self.centre
        widgets = [centre.widget(i) for i in range(centre.count())]
        centre.setSizes([2000 if w is self.plots_column else 3000 if w is self.pages else 0 for w in widgets])
        for index, w in enumerate(widgets):  # and so when the window grows
            centre.setStretchFactor(index, 2 if w is self.plots_column else 3)
        self._show_kind(self._kind_of(config))
        self._reserve_mode_bars(config)
        self.resize(1400, 850)
        self._restore_layout()
        self._start_trainer()
        self.stalls.start()
        self.autosaver = Autosaver(self.saver, self.settings, self._progress, parent=self)
        self.recovery = self.autosaver.offer_restore(self, self.open_experiment)  # before start() marks us running
        self.autosaver.start()

    # ----- the run, as the session holds it (the host API's attributes) --------------------------
    @property
    def config(self) -> Config:
        """The settings the next reset runs (what the controls show)."""
        return self.session.config

    @config.setter
    def config(self, config: Config) -> None:
        self.session.config = config

    @property
    def generation(self) -> int:
        return self.session.generation

    @property
    def last_frame(self) -> Frame | None:
        return self.session.last_frame

    @property
    def history(self):
        return self.session.history

    @property
    def changes(self):
        return self.session.changes

    @property
    def client(self):
        return self.session.client

    # ----- building ----------------------------------------------------------------------------
    def _build_views(self) -> None:
        self.density_1d = Density1DView()
        self.strip = MappingStrip()
        self.strip.setXLink(self.density_1d)
        self.transform = TransformPlot()
        one_d = QSplitter(Qt.Vertical)
        for w, stretch in ((self.density_1d, 5), (self.strip, 2), (self.transform, 3)):
            one_d.addWidget(w)
            one_d.setStretchFactor(one_d.count() - 1, stretch)
        self.field_2d = Field2DView()
        self.density_2d = Density2DView()
        self.mode_bars = ModeBarsView()
        self.mode_bars.setVisible(False)  # shown while the target has modes (ring, grid)
        self._modes_shown = False
        two_d = QSplitter(Qt.Vertical)
        for w, stretch in ((self.field_2d, 5), (self.mode_bars, 2), (self.density_2d, 3)):
            two_d.addWidget(w)
            two_d.setStretchFactor(two_d.count() - 1, stretch)
        self.dirac = DiracPlane()
        self.image_page = ImagePage()
        self.pages = PageStack()
        for page in (one_d, two_d, self.dirac, self.image_page):
            self.pages.addWidget(page)
        self.losses = LossPlot()
        self.metrics = MetricsPlot()
        plots = QSplitter(Qt.Vertical)
        plots.addWidget(self.losses)
        plots.addWidget(self.metrics)
        self.plots_column = plots
        centre = QSplitter(Qt.Horizontal)
        centre.addWidget(self.pages)
        centre.addWidget(plots)
        centre.setStretchFactor(0, 3)
        centre.setStretchFactor(1, 2)
        self.centre = centre
        # the views, or a page that covers them all (the start page): host.add_cover
        self.covers = QStackedWidget()
        self.covers.addWidget(centre)
        self.setCentralWidget(self.covers)

    def _build_controls(self) -> None:
        self.transport = TransportControls()
        self.transport.set_speed(math.inf)  # what a new trainer does until told otherwise
        self.transport.play_toggled.connect(self.set_playing)
        self.transport.step_requested.connect(self.step)
        self.transport.reset_requested.connect(self.reset)
        self.transport.speed_changed.connect(lambda s: self.session.send("speed", s))
        # The Run toolbar across the top: the transport, then the rewind timeline. Not closable, so
        # Play never vanishes (presentation mode hides it and shows its own larger bar).
        self.timeline = TimelineSlider()
        self.timeline.rewind_requested.connect(self.rewind)
        run = QToolBar("Run")
        run.setObjectName("run-toolbar")
        run.setMovable(False)
        run.toggleViewAction().setEnabled(False)
        run.addWidget(self.transport)
        run.addSeparator()
        run.addWidget(self.timeline)
        self.addToolBar(Qt.TopToolBarArea, run)
        self.run_toolbar = run

        self.panel = ControlsPanel(self.config)
        self.panel.changed.connect(self._on_changed)
        self.panel.reset_needed.connect(self._on_reset_needed)
        self.panel.refused.connect(lambda key, why: self.statusBar().showMessage(f"{key}: {why}", 6000))
        scroll = QScrollArea()
        scroll.setWidget(self.panel)
        scroll.setWidgetResizable(True)
        # the prompt for changes that wait for a reset, at the top of the settings where they were made
        self.apply_button = QPushButton("Reset to apply")
        self.apply_button.setToolTip("Start over from step 0 with the settings shown (⟳ keys apply only then)")
        self.apply_button.clicked.connect(self.reset)
        self.apply_button.setVisible(False)
        # as wide as the dock whatever the keys listed: a long list must not widen the window
        self.apply_button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.apply_button)
        column.addWidget(scroll)
        dock = QDockWidget("Settings")
        dock.setObjectName("settings-dock")
        dock.setWidget(holder)
        dock.setMinimumWidth(310)
        self.addDockWidget(Qt.LeftDockWidgetArea, dock)
        self.settings_dock = dock

    def _build_status(self) -> None:
        bar = self.statusBar()
        self.state_label = QLabel("starting the trainer…")
        self._starting_since = time.monotonic()
        self._starting_timer = QTimer(self, interval=1000)
        self._starting_timer.timeout.connect(self._tick_starting)
        self.step_label = QLabel("step 0")
        self.rate_label = QLabel("")
        self.reset_button = QPushButton("Reset")
        self.reset_button.setToolTip("Start over from step 0 with the settings shown")
        self.reset_button.clicked.connect(self.reset)
        self.reset_button.setVisible(False)
        for w in (self.state_label, self.reset_button):
            bar.addWidget(w)
        for w in (self.step_label, self.rate_label):
            bar.addPermanentWidget(w)

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file = menu.addMenu("&File")
        self._action(file, "&New… (every preset and lesson)", self.new_experiment, QKeySequence.New)
        self._action(file, "&Open experiment…", self.open_dialog, QKeySequence.Open)
        self._after_open = self._action(file, "&Save experiment…", self.save_dialog, QKeySequence.Save)
        # the classroom (presentation, export, recording, own data): the logic lives in those modules
        self.presentation = Presentation.for_window(self)
        self.recorder = recorder.attach(self)
        self.draw_tool = draw_target.DrawTarget(self)
        export.install(self)
        # the one export entry: any view on screen, or the whole view area, as PNG or SVG
        self._action(file, "&Export view as PNG or SVG…", lambda: export.export_visible_dialog(self), "Ctrl+E")
        self._action(file, "Export &histories…", lambda: export.export_history_dialog(self, self.history.arrays()))
        self._action(file, "&Record (GIF or MP4)… / Stop", lambda: recorder.record_dialog(self, self.recorder))
        self._action(file, "&Load data…", lambda: draw_target.load_data_dialog(self))
        self._action(file, "&Draw target", self.draw_tool.start)
        file.addSeparator()
        self._action(file, "&Quit", self.close, QKeySequence.Quit)
        view = menu.addMenu("&View")
        view.addAction(self.settings_dock.toggleViewAction())
        by_key = QAction("Settings by &key (as --set and saved files name them)", self, checkable=True)
        by_key.toggled.connect(self.panel.set_by_key)
        view.addAction(by_key)
        self._layer_actions = {}
        for owner, name, label in (
            (self.density_1d, "true", "True density"), (self.density_1d, "generated", "Generated density"),
            (self.density_1d, "histogram", "Histogram of samples"), (self.density_1d, "d", "D(x)"),
            (self.density_1d, "d_star", "Ideal D*(x)"), (self.density_1d, "gap", "Gap D − D* shaded"),
            (self.field_2d, "samples", "2-D: generated samples"), (self.field_2d, "contours", "2-D: true contours"),
            (self.field_2d, "arrows", "2-D: generator gradient arrows"),
            (self.field_2d, "latent_grid", "2-D: warped latent grid"),
        ):
            act = QAction(label, self, checkable=True)
            act.setChecked(owner.layers().get(name, True))
            act.toggled.connect(lambda on, o=owner, n=name: self._set_layer(o, n, on))
            view.addAction(act)
            self._layer_actions[(id(owner), name)] = act
        follow = QAction("Density axis follows p_g (else p_data, with p_g cut off)", self, checkable=True)
        follow.toggled.connect(self.density_1d.set_follow_generated)
        view.addAction(follow)
        view.addSeparator()
        self.view_actions = {}  # by name, for the lessons
        for name, widget, label in (("strip", self.strip, "Mapping strip"),
                                    ("transform", self.transform, "Transform plot"),
                                    ("losses", self.losses, "Loss plot"), ("metrics", self.metrics, "Metrics plot")):
            act = QAction(label, self, checkable=True, checked=True)
            act.toggled.connect(widget.setVisible)
            view.addAction(act)
            self.view_actions[name] = act
        view.addSeparator()
        self.addAction(self._action(view, "&Presentation mode", self.presentation.toggle, "F11"))  # F11 w/o menus
        self._action(view, "Presentation &scale…", self.presentation.scale_dialog)
        lab = menu.addMenu("&Lab")
        self._action(lab, "&Stability map…", self.open_stability_map)
        self._menus = {"file": file, "view": view}  # for parts added to the window (host.add_menu_actions)
        help_menu = menu.addMenu("&Help")
        self._action(help_menu, "&Keyboard shortcuts", self.show_shortcuts)
        self._action(help_menu, "&About ganviz", self.show_about)
        for key, slot in (("Space", self.transport_toggle), ("S", lambda: self.step("both")), ("R", self.reset)):
            act = QAction(self, shortcut=QKeySequence(key), shortcutContext=Qt.WindowShortcut)
            act.triggered.connect(slot)
            self.addAction(act)

    def _restore_layout(self) -> None:
        """The size and dock layout of the last session, if the settings hold them (a bad entry is ignored)."""
        # the docks first: a hidden Settings dock no longer counts in the window's minimum width, so a
        # narrow saved size (the plots ask for their room) then comes back as it was
        for key, restore in (("state", self.restoreState), ("geometry", self.restoreGeometry)):
            saved = self.settings.value(key)
            if isinstance(saved, QByteArray | bytes) and not restore(saved):
                log.warning("the saved window %s could not be restored", key)

    def _action(self, menu, text, slot, shortcut=None) -> QAction:
        act = menu.addAction(text)
        act.triggered.connect(slot)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        return act

    def _set_layer(self, owner, name: str, on: bool) -> None:
        owner.set_layers(**{name: on})
        if self.last_frame is not None:
            self._draw(self.last_frame)

    # ----- commands ----------------------------------------------------------------------------
    def _start_trainer(self) -> None:
        """Start a trainer process for the config, at the speed the slider shows."""
        self.session.start(self.transport.speed())
        self._starting_since = time.monotonic()
        self._starting_timer.start()
        self._tick_starting()
        self._draw_preview()

    def _draw_preview(self) -> None:
        """The true density (or the Dirac-GAN's start) at once, while the trainer process starts: nothing
        of G is known until its networks exist, so the generated curves stay empty until the first frame."""
        try:
            snap = preview_snapshot(self.config)
        except ConfigError:
            return  # the trainer will say what is wrong
        self._show_kind(snap.kind)
        self._show_game(self.config.to_json())
        if snap.kind == "1d":
            self.density_1d.update(snap)
        elif snap.kind == "2d":
            self.field_2d.update(snap)
            self.density_2d.update(snap)
        elif snap.kind == "image":
            self.image_page.update(snap)
        else:
            self.dirac.update(snap)

    def _tick_starting(self) -> None:
        """Until the first frame: say that the trainer is starting, and for how long (it can take seconds)."""
        if self.last_frame is not None and self.generation >= 0:
            self._starting_timer.stop()
            return
        waited = time.monotonic() - self._starting_since
        self.state_label.setText(f"starting the trainer (a separate process: torch, then the networks)… {waited:.0f} s")

    def set_playing(self, playing: bool) -> None:
        """Run or pause training."""
        self.session.send("play", playing)
        if self.transport.is_playing() != playing:
            self.transport.set_playing(playing)

    def set_speed(self, steps_per_frame: float) -> None:
        """Train at this many steps per displayed frame (the speed slider follows; inf: as fast as possible)."""
        self.transport.set_speed(steps_per_frame)
        self.session.send("speed", self.transport.speed())

    def transport_toggle(self) -> None:
        """Space: play if paused, pause if playing."""
        self.set_playing(not self.transport.is_playing())

    def step(self, which: str) -> None:
        """One update of D, of G, or one whole iteration, while paused."""
        self.set_playing(False)
        self.session.send("step", which)

    def rewind(self, step: int) -> None:
        """Back to the newest checkpoint at or before `step`, paused; Play then branches from there."""
        self.set_playing(False)
        self.session.send("rewind", step)

    def reset(self) -> None:
        """Start over with the settings shown; restarts the trainer process if it died."""
        if not self.session.alive:
            self.config = self.panel.config()
            self._start_trainer()
        else:
            self.session.reset(self.panel.config())
        self.panel.clear_pending()
        self._show_pending(())
        self.state_label.setText("reset")

    def apply_config(self, config: Config) -> None:
        """Load a whole config (open, new, preset): the controls show it and the run restarts."""
        self.config = config
        self.panel.set_config(config)
        self._reserve_mode_bars(config)
        self.reset()

    def _on_changed(self, key: str, value) -> None:
        self.session.change(key, value, self.panel.config(), self.panel.field(key).spec.live)

    def _show_marks(self) -> None:
        for plot in (self.losses, self.metrics):
            plot.marks.show(self.changes.changes)

    def _on_reset_needed(self, keys: list) -> None:
        if keys:
            self._show_pending(keys)

    def _show_pending(self, keys) -> None:
        """The Reset-to-apply prompts (status bar and Settings dock) for these waiting keys, or none."""
        if keys:
            self.reset_button.setText(f"Reset to apply {', '.join(keys)}")
            self.apply_button.setText(f"⟳ Reset to apply {', '.join(keys)}")
        self.reset_button.setVisible(bool(keys))
        self.apply_button.setVisible(bool(keys))

    def _went_to(self, moved: Moved) -> None:
        """The trainer opened a file or rewound (the session kept the histories up to there): show its settings."""
        self.panel.set_config(from_json(moved.config_json))
        self.panel.clear_pending()
        if moved.pending_json:
            self.panel.set_config(from_json(moved.pending_json))  # marked as waiting for a reset
        self.config = self.panel.config()
        self.transport.set_playing(False)
        opened = "opened" if moved.kind == "loaded" else "rewound"
        self.statusBar().showMessage(f"{opened} at step {moved.step:,}", 4000)

    def _on_error(self, message: str, details: str) -> None:
        log.error("error in a training step: %s\n%s", message, details)
        self.transport.set_playing(False)
        box = QMessageBox(QMessageBox.Warning, "Training paused",
                          f"An error stopped training:\n{message}\n\nThe run is paused; Reset starts over.",
                          QMessageBox.Ok, self)
        box.setDetailedText(details)
        box.setModal(False)
        box.show()
        self.error_box = box

    def _on_died(self, why: str) -> None:
        log.error(why)
        self.transport.set_playing(False)
        self.state_label.setText(f"{why}. Reset starts a new one with the same settings.")
        self.reset_button.setText("Reset")
        self.reset_button.setVisible(True)

    # ----- frames ------------------------------------------------------------------------------
    def _on_frame(self, frame: Frame) -> None:
        self._show_status(frame)  # first: the state line must tell the truth even if a view fails
        self.timeline.set_run(frame.checkpoints, frame.step)
        self._draw(frame)
        self.counter.tick()

    def _draw(self, frame: Frame) -> None:
        snap = frame.snapshot
        self._show_kind(snap.kind)
        self._show_game(frame.config_json)
        # a diverged run's non-finite samples leave no densities to draw: the last picture stays
        drawable = snap.p_gen is not None
        if snap.kind == "1d" and drawable:
            self.density_1d.update(snap)
            if self.strip.isVisible():
                self.strip.update(snap)
            if self.transform.isVisible():
                self.transform.update(snap)
        elif snap.kind == "2d" and drawable:
            self.field_2d.update(snap)
            self.density_2d.update(snap)
            if self._modes_shown != (snap.mode_share is not None):
                self._show_mode_bars(snap.mode_share is not None)
            if snap.mode_share is not None:
                self.mode_bars.update(snap)
        if snap.kind == "dirac":
            self.dirac.update(snap)  # the field and the numbers panel, and the newest point
        elif snap.kind == "image":
            self.image_page.update(snap)
            self.image_page.walk.follow(frame.playing)
        for listener in self._snapshot_listeners:
            listener(snap)
        for listener in self._frame_listeners:
            listener(frame)
        self.history_timer.start()

    def _show_game(self, config_json: str) -> None:
        """Tell the views which game the frame's run plays (GMN or GAN, a critic or a probability D, the
        oracle), so that each shows only the lines that mean something for it."""
        if not config_json or config_json == self._game_json:
            return
        self._game_json = config_json
        game = json.loads(config_json)
        method, loss = game.get("method", "gan"), game.get("loss", "nonsaturating")
        self.losses.set_game(method, loss)
        critic = method == "gan" and loss in CRITIC_LOSSES
        self.density_1d.set_discriminator("critic" if critic else game.get("discriminator", "learned"))

    def _draw_history(self) -> None:
        """The plots of the logged histories (and the Dirac-GAN's path, which is one)."""
        if self._history_copy[0] != self.history.version:  # no copy while no row has come
            self._history_copy = (self.history.version, self.history.arrays())
        hist = self._history_copy[1]
        if self.kind == "dirac":
            self.dirac.update(hist)
        if self.losses.isVisible():
            self.losses.update(hist)
        if self.metrics.isVisible():
            self.metrics.update(hist)

    def _reserve_mode_bars(self, config: Config) -> None:
        """Show the mode bars before the first frame when the target has modes: that frame then draws
        into a settled page instead of laying it out anew (a 40–60 ms stall, measured)."""
        try:
            modes = make_target(config.target, config.target_params).modes is not None
        except ConfigError:
            modes = False
        self._show_mode_bars(modes and self._kind_of(config) == "2d")

    def _show_mode_bars(self, on: bool) -> None:
        # remembered, not read back from the widget: presentation mode may hide the bars for want of room
        self._modes_shown = on
        self.mode_bars.setVisible(on)

    def _show_kind(self, kind: str) -> None:
        if kind != self.kind:
            self.kind = kind
            self.pages.setCurrentIndex(PAGES[kind])

    def _show_status(self, frame: Frame) -> None:
        snap = frame.snapshot
        if snap.status == "diverged":
            self.state_label.setText(f"<b style='color:#c0392b'>{snap.message}</b>")
            self.reset_button.setText("Reset")
            self.reset_button.setVisible(True)
            self.transport.set_playing(False)
        else:
            self.state_label.setText("running" if frame.playing else "paused")
            self._show_pending(frame.pending)
        self.step_label.setText(f"step {frame.step:,}")
        self.rate_label.setText(f"{frame.steps_per_s:,.0f} steps/s · {self.counter.fps:.0f} fps")

    @staticmethod
    def _kind_of(config: Config) -> str:
        if config.target == "dirac":
            return "dirac"
        if config.image:
            return "image"
        return "1d" if config.dim == 1 else "2d"

    # ----- files -------------------------------------------------------------------------------
    def new_experiment(self) -> None:
        """The start page: every preset and lesson as a card."""
        self.gallery.show()

    def open_dialog(self) -> None:
        """Ask for an experiment file and open it."""
        path, _ = QFileDialog.getOpenFileName(self, "Open experiment", "", EXPERIMENT_FILTER)
        if path:
            self.open_experiment(Path(path))

    def open_experiment(self, path: Path) -> bool:
        """Open a saved experiment: a whole run (.npz) continues where it was saved, settings (.json) start over.

        On a bad file say why and keep the current experiment (the trainer may still refuse a
        run whose arrays do not fit its settings: that is said when it answers).
        """
        try:
            opened = experiment_file.read(path, "file")
        except ConfigError as e:
            QMessageBox.warning(self, "Cannot open experiment", str(e))
            return False
        if opened.state is None:
            self.apply_config(opened.config)
            return True
        # The current experiment stays as it is (playing or not) until the trainer takes the file:
        # it pauses on "loaded", and a refused file leaves the run untouched.
        if not self.session.alive:
            self._start_trainer()  # with the current settings: loading builds the file's own networks
        self.session.open_state(opened.state)
        return True

    def save_dialog(self) -> None:
        """Ask where to save the experiment."""
        path, _ = QFileDialog.getSaveFileName(self, "Save experiment", "experiment.npz", SAVE_FILTERS)
        if path:
            self.save_experiment(Path(path))

    def save_experiment(self, path: Path) -> None:
        """Save the whole run (.npz, through the trainer; written when it answers) or the settings alone (.json)."""
        if path.suffix == ".json":
            experiment_file.save_settings(path, self.panel.config())
            self.statusBar().showMessage(f"saved {path}", 4000)
        else:
            self.saver.request(path)

    def open_stability_map(self) -> None:
        """Lab → Stability map…: sweep two settings around the ones shown; a clicked cell is loaded here."""
        from ganviz.app.sweep_dialog import open_sweep_dialog  # loaded on first use, not at start-up

        open_sweep_dialog(self)

    def show_shortcuts(self) -> None:
        """The keyboard shortcuts."""
        QMessageBox.information(self, "Keyboard shortcuts",
                                "Space  play / pause\nS  one step (D then G)\nR  reset\n"
                                "Ctrl+O  open experiment\nCtrl+S  save experiment\nCtrl+E  export a view (PNG or SVG)")

    def show_about(self) -> None:
        """What ganviz is."""
        from ganviz import __version__
        QMessageBox.about(self, "About ganviz",
                          f"ganviz {__version__}\nA visual simulator of adversarial training: GANs, the ideal "
                          "discriminator D* and generative matching networks, live.")

    # ----- the host API for parts added to the window (ganviz/app/host.py) ---------------------
    def add_dock(self, dock: QDockWidget, tabbed: bool = True) -> None:
        """A dock tabbed beside the Settings dock, or below it (so both show at once)."""
        if tabbed:
            self.addDockWidget(Qt.LeftDockWidgetArea, dock)
            self.tabifyDockWidget(self.settings_dock, dock)
        else:  # below the tabs of Settings and the Lesson (splitting beside a tabbed dock would add a tab)
            self.addDockWidget(Qt.LeftDockWidgetArea, dock, Qt.Vertical)

    def add_page(self, widget: QWidget) -> None:
        """A widget beside the main page of views (its owner hides it until it is wanted)."""
        self.centre.insertWidget(1, widget)

    def show_main_page(self, on: bool) -> None:
        """Show or hide the main page of views; the page shown in its place takes its width (a page that
        had never been shown has none, and the plots column would spread over the whole centre)."""
        self.pages.setVisible(on)
        centre, plots = self.centre, self.plots_column
        sizes = centre.sizes()
        widgets = [centre.widget(i) for i in range(centre.count())]
        pages = [w for w in widgets if w is not plots and not w.isHidden()]
        total = sum(sizes)
        if not total or not pages:
            return
        column = sizes[widgets.index(plots)] if not plots.isHidden() else 0
        share = (total - column) // len(pages)
        centre.setSizes([column if w is plots else share if w in pages else 0 for w in widgets])

    def add_plot(self, widget: QWidget) -> None:
        """A widget at the top of the plot column."""
        self.plots_column.insertWidget(0, widget)

    def balance_plots(self, column) -> None:
        """Share the plot column equally among the plots shown and give it this fraction of the width
        (a Fraction gives whole pixels exactly)."""
        plots, centre = self.plots_column, self.centre
        shown = [plots.widget(i).isVisibleTo(self) for i in range(plots.count())]
        if any(shown):
            plots.setSizes([1000 if on else 0 for on in shown])
        total = sum(centre.sizes())
        width = int(column * total) if any(shown) else 0
        widgets = [centre.widget(i) for i in range(centre.count())]
        centre.setSizes([width if w is plots else (total - width) if w.isVisibleTo(self) else 0 for w in widgets])

    def add_menu_actions(self, menu: str, actions) -> None:
        """Actions in the "file" menu (beside Open experiment…) or the "view" menu (a group at its end)."""
        target = self._menus[menu]
        if menu == "file":
            target.insertActions(self._after_open, list(actions))
        else:
            target.addSeparator()
            target.addActions(list(actions))

    def views(self) -> dict[str, QWidget]:
        """Every view by name."""
        return {name: getattr(self, name) for name in ("density_1d", "strip", "transform", "field_2d", "density_2d",
                                                         "dirac", "image_page", "losses", "metrics")}

    def view_area(self) -> QWidget:
        """The widget holding every view shown."""
        return self.centre

    def add_cover(self, widget: QWidget) -> None:
        """A page that takes the place of every view while shown (see show_cover)."""
        self.covers.addWidget(widget)

    def show_cover(self, widget: QWidget | None) -> None:
        """Show a page added with add_cover in place of the views, or the views again (None)."""
        self.covers.setCurrentWidget(widget if widget is not None else self.centre)

    def add_toolbar(self, bar: QToolBar) -> None:
        """A bar across the top, shown at once (a bar added to a shown window stays hidden otherwise)."""
        self.addToolBar(Qt.TopToolBarArea, bar)
        bar.show()

    def remove_toolbar(self, bar: QToolBar) -> None:
        """Take a bar away again."""
        self.removeToolBar(bar)

    def add_status_widget(self, widget: QWidget) -> None:
        """A widget at the right end of the status bar."""
        self.statusBar().addPermanentWidget(widget)

    def view_switches(self) -> dict[str, QAction]:
        """The View menu's switches of plots, by name."""
        return dict(self.view_actions)

    def add_view_switch(self, name: str, action: QAction) -> None:
        """A part's switch of a view of its own, listed by view_switches."""
        self.view_actions[name] = action

    def set_layers(self, layers: dict[str, bool]) -> None:
        """Turn these layers on or off through the View menu's switches (others stay as they are)."""
        for (_owner, name), act in self._layer_actions.items():
            if name in layers:
                act.setChecked(layers[name])

    def plot(self, name: str):
        """One of the views by name: density_1d, strip or field_2d."""
        return {"density_1d": self.density_1d, "strip": self.strip, "field_2d": self.field_2d}[name]

    def send(self, command: str, value) -> None:
        """A command to the trainer process."""
        self.session.send(command, value)

    def apply_live(self, config: Config) -> None:
        """Show a config and send the trainer the keys that changed, without a reset."""
        self.panel.set_config(config)
        self.session.apply_live(config)

    def show_message(self, text: str, ms: int) -> None:
        """A message in the status bar for `ms` milliseconds."""
        self.statusBar().showMessage(text, ms)

    def on_snapshot(self, callback) -> None:
        """Call `callback` with every snapshot drawn."""
        self._snapshot_listeners.append(callback)

    def _on_image_reply(self, reply) -> None:
        """The image page's answers: a latent walk, or the code found for an image."""
        if isinstance(reply, Walked) and reply.generation == self.generation:
            self.image_page.walk.show_walk(reply)
        elif isinstance(reply, Inverted):
            self.image_page.finder.show_found(reply)

    def on_frame(self, callback) -> None:
        """Call `callback` with every frame drawn."""
        self._frame_listeners.append(callback)

    def on_reply(self, callback) -> None:
        """Call `callback` with every reply of the trainer process."""
        self.session.replied.connect(callback)

    # ----- lifetime ----------------------------------------------------------------------------
    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """Stop the trainer and remember the layout and the experiment."""
        t0 = time.perf_counter()
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("state", self.saveState())
        self.hide()  # gone from the screen at once; the children are then given time to leave cleanly
        self.recorder.stop()  # its encoder writes what was grabbed
        for dialog in self.findChildren(QDialog):  # a sweep's process ends with its dialog
            dialog.close()
            dialog.hide()  # a message box without an Escape button ignores close()
        self.autosaver.finish()
        self.session.stop()
        self.settings.setValue("experiment", self.panel.config().to_json())
        log.debug("trainer stopped in %.3f s", time.perf_counter() - t0)
        super().closeEvent(event)

    def _progress(self) -> tuple | None:
        """What changes whenever the run does (the autosaver skips a run that has not moved)."""
        frame = self.last_frame
        return None if frame is None else (frame.generation, frame.step, frame.config_json)

    def report(self, since: tuple[float, int, int]) -> dict:
        """Figures measured since `since` = (time, total steps, frames) for the --report file."""
        t0, steps0, frames0 = since
        frame = self.last_frame
        total = frame.total_steps if frame else 0
        seconds = max(time.perf_counter() - t0, 1e-9)
        return {"steps": total - steps0, "frames": self.counter.frames - frames0,
                "steps_per_s": (total - steps0) / seconds, "fps": (self.counter.frames - frames0) / seconds,
                "max_stall_ms": round(self.stalls.max_stall_ms, 1)}


def read_experiment(path: Path) -> Config:
    """The config in an experiment file (or a preset-shaped or flat JSON file); ConfigError if bad."""
    return experiment_file.read(path, "file").config
