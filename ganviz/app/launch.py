"""Starting the desktop app: options, the window, error handling, and the classroom check (--report)."""

from __future__ import annotations

import gc
import logging
import os
import sys
import time
import traceback
from pathlib import Path

from ganviz.app.meter import process_age_s, write_report
from ganviz.core.config import Config, from_json
from ganviz.core.errors import ConfigError
from ganviz.core.presets import preset_speed

log = logging.getLogger("ganviz")


def log_path() -> Path:
    """Where the app writes its log (unexpected errors go there with their details)."""
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "ganviz"
    base.mkdir(parents=True, exist_ok=True)
    return base / "ganviz.log"


def make_error_hook():
    """An excepthook for the GUI: unexpected exceptions are logged with details and shown in one dialog.

    Inside the running app the dialog does not block, and while it is open further errors are
    only logged: an error repeated at every frame must not stack a dialog per frame (each modal
    dialog would run a nested event loop that draws the next frame and fails again). Before or
    after the event loop, the dialog waits to be read.
    """
    from PySide6.QtCore import QThread
    from PySide6.QtWidgets import QApplication, QMessageBox

    shown: list = []  # the dialog on screen, if any

    def hook(kind, value, tb):
        details = "".join(traceback.format_exception(kind, value, tb))
        log.error("unexpected error\n%s", details)
        if QApplication.instance() is None or (shown and shown[0].isVisible()):
            return
        box = QMessageBox(QMessageBox.Warning, "Something went wrong",
                          f"{kind.__name__}: {value}\n\nThe app keeps running; details are in {log_path()}.")
        box.setDetailedText(details)
        shown[:] = [box]
        if QThread.currentThread().loopLevel() > 0:
            box.show()
        else:
            box.exec()

    return hook


def _install_error_hook() -> None:
    """Unexpected exceptions in the GUI: logged with details, shown in a dialog, never a traceback on stderr."""
    sys.excepthook = make_error_hook()


def _route_qt_messages() -> None:
    """Qt's own warnings go to the log file, not the terminal (e.g. the offscreen platform's notes).

    A fatal one (no platform plugin could start: no display, missing libraries) would abort with
    nothing on the terminal; it is explained in one message instead, and the app exits 2.
    """
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    from ganviz.app.qt_start import give_up

    levels = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
              QtMsgType.QtFatalMsg: logging.CRITICAL}
    said: list[str] = []  # Qt's messages so far: the ones before a fatal one name its plugin

    def handler(kind, context, message):
        logging.getLogger("qt").log(levels.get(kind, logging.WARNING), message)
        if kind == QtMsgType.QtFatalMsg:
            give_up(message, said)
        said[:] = [*said[-19:], message]

    qInstallMessageHandler(handler)


def _set_icon(app) -> None:
    """The window icon, and the desktop file id that ties the running window to its launcher entry."""
    from PySide6.QtGui import QIcon

    from ganviz.core.presets import assets_dir

    app.setWindowIcon(QIcon(str(assets_dir() / "icon.png")))
    app.setDesktopFileName("io.github.ganviz.Ganviz")


def freeze_heap() -> None:
    """Exempt the objects alive now (Qt, pyqtgraph, numpy: ~250k) from Python's full collections.

    A full collection walks every tracked object: measured 50–600 ms here, a frozen window for as
    long. After the freeze it only walks objects made since, and stays under a millisecond. Only
    the young generations are collected first: a full collection here would itself be the first
    window freeze a user sees (130–300 ms just after the window appears).
    """
    gc.collect(1)
    gc.freeze()


def _initial_config(preset: str | None, config_file: Path | None, settings) -> Config:
    from ganviz.core.assemble import resolve_config

    if preset or config_file:
        return resolve_config(preset, config_file, [], None)
    saved = settings.value("experiment")
    if saved:
        try:
            return from_json(str(saved))
        except ConfigError:
            log.warning("the last experiment could not be restored; starting from the defaults")
    return resolve_config(None, None, [], None)


MIN_SIZE, MAX_SIZE = (640, 480), (7680, 4320)


def window_size(text: str | None) -> tuple[int, int] | None:
    """(width, height) from `1024x768`; ConfigError naming --size for anything else."""
    if text is None:
        return None
    parts = text.lower().split("x")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        raise ConfigError("--size", f"expected WIDTHxHEIGHT in pixels such as 1024x768, got {text!r}")
    w, h = (int(p) for p in parts)
    if not (MIN_SIZE[0] <= w <= MAX_SIZE[0] and MIN_SIZE[1] <= h <= MAX_SIZE[1]):
        raise ConfigError("--size", f"must be from {MIN_SIZE[0]}x{MIN_SIZE[1]} to {MAX_SIZE[0]}x{MAX_SIZE[1]}, "
                          f"got {text!r}")
    return w, h


def save_screenshot(window, path: Path) -> None:
    """The window as drawn now, as a PNG; a failure is said on stderr (the app still quits cleanly)."""
    if not window.grab().save(str(path), "PNG"):
        print(f"ganviz: error: --screenshot: could not write {path}", file=sys.stderr)
        log.error("could not write the screenshot %s", path)


def launch(args) -> int:
    """Open the window; with --quit-after (seconds) or --quit-after-steps / --quit-after-frames (counts since
    training started), close by itself, whichever comes first, and write --report."""
    logging.basicConfig(filename=log_path(), level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from ganviz.app.session import children

    children.warm_up()  # the fork server imports torch while the window is built
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    _route_qt_messages()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("ganviz")
    _set_icon(app)
    settings = QSettings("ganviz", "ganviz")
    config = _initial_config(args.preset, args.config, settings)  # ConfigError → exit 2 in main()

    from ganviz.app.window import MainWindow

    _install_error_hook()
    speed = preset_speed(args.preset) if args.preset else None  # ConfigError → exit 2, as above

    window = MainWindow(config, settings)
    if speed is not None:
        window.set_speed(speed)  # the Dirac-GAN opens in slow motion
    size = window_size(getattr(args, "size", None))
    if size is not None:
        window.resize(*size)
    window.show()
    if getattr(args, "present", False):
        window.presentation.enter()
    elif not (args.preset or args.config or args.play):
        window.gallery.show_if_first(settings)  # a first start: every preset and lesson as a card
    app.processEvents()
    startup_s = process_age_s()
    freeze_heap()
    log.info("window shown %.2f s after the process started", startup_s)
    if args.play:
        window.set_playing(True)

    since: list = []  # (time, total steps, frames) when the run first played
    first_frame: list = []  # seconds from process start to the first frame drawn from the trainer
    done: list = []

    def finish():
        if done:
            return
        done.append(True)
        if args.report is not None:
            fields = window.report(since[0]) if since else {"steps": 0, "frames": window.counter.frames,
                                                             "steps_per_s": 0.0, "fps": 0.0,
                                                             "max_stall_ms": window.stalls.max_stall_ms}
            fields["startup_s"] = round(startup_s, 3)
            fields["first_frame_s"] = round(first_frame[0], 3) if first_frame else None
            write_report(args.report, fields)
        if getattr(args, "screenshot", None) is not None:
            save_screenshot(window, args.screenshot)
        window.close()

    def on_frame():
        frame = window.last_frame
        if frame is None:
            return
        if not first_frame:
            first_frame.append(process_age_s())
        if not since and frame.playing:
            since.append((time.perf_counter(), frame.total_steps, window.counter.frames))
            window.stalls.start()
        if since and _counts_reached(args, frame.total_steps - since[0][1], window.counter.frames - since[0][2]):
            QTimer.singleShot(0, finish)  # not inside the frame's own signal

    window.session.frame.connect(lambda _frame: on_frame())  # after the window has drawn it
    if args.quit_after is not None:
        QTimer.singleShot(int(args.quit_after * 1000), finish)
    return app.exec()


def _counts_reached(args, steps: int, frames: int) -> bool:
    """Whether --quit-after-steps and --quit-after-frames (those given; at least one) are both reached."""
    wanted = [(args.quit_after_steps, steps), (args.quit_after_frames, frames)]
    given = [(n, have) for n, have in wanted if n is not None]
    return bool(given) and all(have >= n for n, have in given)
