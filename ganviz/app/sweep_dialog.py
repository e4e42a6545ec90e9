"""Lab → Stability map…: pick two settings, their ranges, the steps and a metric; sweep in a child process.

The sweep runs in a spawned process (ganviz.core.sweep.worker), so the window keeps drawing;
a timer reads its progress. Cancel ends that process. Clicking a cell of the finished map emits
`config_chosen` with that cell's config, which the window loads ready to play.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from ganviz.app.session import children
from ganviz.app.views.stability_map import StabilityMap
from ganviz.core.config import Config, key_specs
from ganviz.core.errors import ConfigError
from ganviz.core.sweep import DESCRIPTIONS, check_metric, default_metric, make_axis, metrics_for, sweepable_keys
from ganviz.core.sweep.worker import make_request

POLL_MS = 100
MAX_N = 32  # values per axis offered here (the command line takes more)
DEFAULT_KEYS = ("lr_g", "lr_d")


class AxisEditor(QGroupBox):
    """Key, LO, HI, N and log spacing of one axis."""

    def __init__(self, title: str, parent=None):
        super().__init__(title, parent)
        self.key = QComboBox()
        self.lo, self.hi = QLineEdit(), QLineEdit()
        self.n = QSpinBox(minimum=1, maximum=MAX_N, value=6)
        self.log = QCheckBox("log spacing")
        grid = QGridLayout(self)
        for col, (label, widget) in enumerate((("key", self.key), ("from", self.lo), ("to", self.hi),
                                               ("values", self.n))):
            grid.addWidget(QLabel(label), 0, col)
            grid.addWidget(widget, 1, col)
        grid.addWidget(self.log, 1, 4)
        self.key.currentTextChanged.connect(self.suggest_range)
        self._base: Config | None = None

    def set_base(self, base: Config, key: str, lo: float, hi: float) -> None:
        """Offer the number keys of `base` and select `key` from lo to hi."""
        self._base = base
        self.key.blockSignals(True)
        self.key.clear()
        self.key.addItems(sweepable_keys(base))
        self.key.blockSignals(False)
        self.key.setCurrentText(key)
        self.lo.setText(f"{lo:g}")
        self.hi.setText(f"{hi:g}")
        self.log.setChecked(key_specs(base)[key].log)

    def suggest_range(self, key: str) -> None:
        """A decade either side of the current value for log-scale keys, else the key's whole range."""
        if self._base is None or not key:
            return
        spec = key_specs(self._base)[key]
        value = self._base.to_dict()[key]
        if spec.log and value > 0:
            lo, hi = max(value / 10, spec.lo), min(value * 10, spec.hi)
        else:
            lo, hi = spec.lo, spec.hi
        self.lo.setText(f"{lo:g}")
        self.hi.setText(f"{hi:g}")
        self.log.setChecked(bool(spec.log))

    def spec(self, option: str) -> dict:
        """make_axis's arguments, checked against the base config; ConfigError names the axis."""
        try:
            lo, hi = float(self.lo.text()), float(self.hi.text())
        except ValueError:
            raise ConfigError(option, f"from and to must be numbers, got {self.lo.text()!r} and {self.hi.text()!r}"
                              ) from None
        args = {"key": self.key.currentText(), "lo": lo, "hi": hi, "n": self.n.value(), "log": self.log.isChecked()}
        make_axis(self._base, option=option, **args)
        return args


class SweepDialog(QDialog):
    """Set up a stability map, run it off the GUI thread, show it; a clicked cell's config is emitted."""

    config_chosen = Signal(object)

    def __init__(self, base: Config, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Stability map")
        self.x_axis, self.y_axis = AxisEditor("x axis (columns)"), AxisEditor("y axis (rows)")
        self.steps = QSpinBox(minimum=1, maximum=1_000_000, value=500, singleStep=100)
        self.metric_box = QComboBox()
        self.run_button, self.cancel_button = QPushButton("Run sweep"), QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.map = StabilityMap()
        self.map.setMinimumSize(560, 420)
        form = QFormLayout()
        form.addRow("steps per cell", self.steps)
        form.addRow("metric", self.metric_box)
        buttons = QHBoxLayout()
        for w in (self.run_button, self.cancel_button, self.progress):
            buttons.addWidget(w)
        layout = QVBoxLayout(self)
        for item in (self.x_axis, self.y_axis):
            layout.addWidget(item)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.map, stretch=1)
        self.run_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.map.config_chosen.connect(self.config_chosen)
        self._process = None
        self._conn = None
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self._poll)
        self.base = base
        self.set_base(base)

    # ----- settings ------------------------------------------------------------------------------
    def set_base(self, base: Config) -> None:
        """Sweep around this config from now on (not while a sweep runs)."""
        if self.running:
            return
        self.base = base
        keys = sweepable_keys(base)
        for editor, key in zip((self.x_axis, self.y_axis), DEFAULT_KEYS, strict=True):
            current = editor.key.currentText()
            if current in keys and current != key:  # the user's choice stays, with its range
                editor.set_base(base, current, float(editor.lo.text()), float(editor.hi.text()))
            else:
                editor.set_base(base, key, 0.0, 0.0)
                editor.suggest_range(key)
        self.metric_box.clear()
        for name in metrics_for(base):
            self.metric_box.addItem(f"{name} — {DESCRIPTIONS[name]}", name)
        self.metric_box.setCurrentIndex(self.metric_box.findData(default_metric(base)))

    def request(self) -> dict:
        """The sweep to run; ConfigError naming the axis or setting that is wrong."""
        x, y = self.x_axis.spec("x axis"), self.y_axis.spec("y axis")
        if x["key"] == y["key"]:
            raise ConfigError("y axis", f"the two axes must sweep different keys, both are {x['key']}")
        metric = check_metric(self.base, self.metric_box.currentData(), "metric")
        return make_request(self.base.to_json(), x, y, self.steps.value(), metric)

    # ----- running -------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        """Whether a sweep process is at work."""
        return self._process is not None

    def start(self) -> bool:
        """Check the settings and start the sweep process; False (with the reason shown) if refused."""
        if self.running:
            return False
        try:
            request = self.request()
        except ConfigError as e:
            self._say(str(e), error=True)
            return False
        ctx = children.context()
        recv, send = ctx.Pipe(duplex=False)
        self._process = ctx.Process(target=children.sweep, args=(send, request), daemon=True, name="ganviz-sweep")
        self._process.start()
        send.close()
        self._conn = recv
        self.progress.setRange(0, 0)  # busy until the first report (the child imports torch first)
        self._set_running(True)
        cells = request["x"]["n"] * request["y"]["n"]
        self._say(f"training {cells} cells × {request['steps']} steps…")
        self._timer.start()
        return True

    def cancel(self) -> None:
        """Stop a running sweep (its process ends at once)."""
        if not self.running:
            return
        self._stop_process()
        self._say("cancelled")

    def _stop_process(self) -> None:
        self._timer.stop()
        process, self._process = self._process, None
        if process.is_alive():
            process.terminate()
        process.join(timeout=2)
        self._conn.close()
        self._conn = None
        self._set_running(False)

    def _set_running(self, on: bool) -> None:
        self.run_button.setEnabled(not on)
        self.cancel_button.setEnabled(on)
        for w in (self.x_axis, self.y_axis, self.steps, self.metric_box):
            w.setEnabled(not on)
        if not on:
            self.progress.setRange(0, 100)

    def _poll(self) -> None:
        try:
            while self._conn is not None and self._conn.poll():
                self._handle(self._conn.recv())
        except (EOFError, OSError):
            if self.running:
                self._stop_process()
                self._say("the sweep process ended without a result", error=True)

    def _handle(self, message: tuple) -> None:
        kind = message[0]
        if kind == "progress":
            done, total = message[1], message[2]
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * done / max(total, 1)))
            return
        self._stop_process()
        if kind == "done":
            fields, modes, wall_s = message[1], message[2], message[3]
            self.progress.setValue(100)
            self.map.update(fields)
            how = "; ".join(f"{n} cells {mode}" for mode, n in modes.items())
            self._say(f"done in {wall_s:.1f} s ({how}). Click a cell to load its settings into the main window.")
        else:
            self._say(message[1], error=True)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #c0392b" if error else "")

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """Closing the dialog cancels a running sweep."""
        self.cancel()
        super().closeEvent(event)


def _load_cell(window, config) -> None:
    """A clicked cell: the window starts over on its config, paused at step 0, ready to play."""
    window.set_playing(False)
    window.apply_config(config)


def open_sweep_dialog(window) -> SweepDialog:
    """Show the window's stability-map dialog (made on first use), sweeping around the settings shown."""
    dialog = window.findChild(SweepDialog)
    if dialog is None:
        dialog = SweepDialog(window.config, window)
        dialog.config_chosen.connect(lambda config: _load_cell(window, config))
    else:
        dialog.set_base(window.config)
    dialog.setWindowFlag(Qt.Window)
    dialog.show()
    dialog.raise_()
    return dialog
