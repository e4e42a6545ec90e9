"""Recording the view area as a GIF (Pillow) or an MP4 (imageio-ffmpeg).

The GUI thread only grabs: a timer renders the widget to an image at the chosen rate and hands
the raw pixels to a queue. A worker thread scales, quantizes and encodes them (Pillow and
ffmpeg release the GIL while they work), so the trainer's processes and the window keep their
pace. A full queue skips a grab rather than stalling the window.
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QWidget,
)

FORMATS = {"gif": "GIF animation (*.gif)", "mp4": "MP4 video (*.mp4)"}
DEFAULT_WIDTH = 960
QUEUE_FRAMES = 32  # grabbed frames waiting for the encoder at most (about 30 MB at 800×450)
_DONE = None


@dataclass(frozen=True)
class RecordSettings:
    """What to record: file, frames per second, output size in pixels, and an optional frame limit."""

    path: Path
    fps: int = 15
    width: int = 800
    height: int = 450
    max_frames: int | None = None

    @property
    def kind(self) -> str:
        """"gif" or "mp4", from the file name."""
        return self.path.suffix.lower().lstrip(".")

    def check(self) -> None:
        """ValueError naming what is wrong and what is accepted."""
        if self.kind not in FORMATS:
            raise ValueError(f"{self.path.name}: the file must end in .gif or .mp4")
        top = 50 if self.kind == "gif" else 60  # a GIF counts time in hundredths of a second
        if not 1 <= self.fps <= top:
            raise ValueError(f"fps must be 1 to {top} for {self.kind.upper()}, got {self.fps}")
        if not (16 <= self.width <= 3840 and 16 <= self.height <= 2160):
            raise ValueError(f"size must be 16×16 to 3840×2160, got {self.width}×{self.height}")
        if self.kind == "mp4" and (self.width % 2 or self.height % 2):
            raise ValueError(f"an MP4 needs an even width and height, got {self.width}×{self.height}")


def gif_delay_ms(fps: int) -> int:
    """A GIF's frame delay: whole hundredths of a second, at least 2 (browsers slow shorter delays to 10)."""
    return 10 * max(2, round(100 / fps))


def missing_encoder(kind: str) -> str | None:
    """None if the encoder of `kind` is installed, else how to install it."""
    try:
        if kind == "gif":
            import PIL  # noqa: F401
        else:
            import imageio_ffmpeg  # noqa: F401
    except ImportError:
        package = "Pillow" if kind == "gif" else "imageio-ffmpeg"
        return f"recording a {kind.upper()} needs {package}: pip install 'ganviz[record]'"
    return None


class _GifWriter:
    """Frames reduced to 256 colours as they come (one byte a pixel), written as one GIF at the end.

    A palette is built from a frame (octree, ~30 ms) only every PALETTE_EVERY frames; frames in
    between are mapped onto it (~1 ms): a view's colours hardly change from frame to frame.
    """

    PALETTE_EVERY = 30

    def __init__(self, settings: RecordSettings):
        self.settings = settings
        self.frames = []
        self.palette = None

    def add(self, image) -> None:
        if self.palette is None or len(self.frames) % self.PALETTE_EVERY == 0:
            self.palette = image.quantize(colors=256, method=2, dither=0)  # fast octree, no dither noise
            self.frames.append(self.palette)
        else:
            self.frames.append(image.quantize(palette=self.palette, dither=0))

    def close(self) -> None:
        if not self.frames:
            return
        first, rest = self.frames[0], self.frames[1:]
        # identical consecutive frames are merged by Pillow (their durations add up)
        first.save(self.settings.path, save_all=True, append_images=rest, loop=0,
                   duration=gif_delay_ms(self.settings.fps), optimize=False, disposal=1)


class _Mp4Writer:
    """Frames piped to ffmpeg (H.264, yuv420p so every player opens it)."""

    def __init__(self, settings: RecordSettings):
        import imageio_ffmpeg

        s = settings
        self.gen = imageio_ffmpeg.write_frames(
            str(s.path), (s.width, s.height), fps=s.fps, codec="libx264", macro_block_size=1, quality=None,
            output_params=["-preset", "veryfast", "-crf", "20", "-threads", "1"], ffmpeg_log_level="error")
        self.gen.send(None)

    def add(self, image) -> None:
        self.gen.send(image.tobytes())

    def close(self) -> None:
        self.gen.close()


def render_at(widget: QWidget, width: int, height: int) -> QImage:
    """The widget painted straight into an image of this size (scaled to fit, centred on white).

    Painting at the output size costs no more than a repaint and leaves nothing to resize later.
    """
    image = QImage(width, height, QImage.Format_RGB888)
    image.fill(Qt.white)
    f = min(width / max(widget.width(), 1), height / max(widget.height(), 1))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.Antialiasing)
        painter.translate((width - widget.width() * f) / 2, (height - widget.height() * f) / 2)
        painter.scale(f, f)
        QWidget.render(widget, painter, QPoint())
    finally:
        painter.end()
    return image


class Recorder(QObject):
    """Grabs a widget at a fixed rate on the GUI thread and encodes on a worker thread."""

    progress = Signal(int, int)  # frames grabbed, frames encoded
    finished = Signal(str, int)  # path, frames written
    failed = Signal(str)  # what went wrong, in words

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._grab)
        self._queue: queue.Queue = queue.Queue(QUEUE_FRAMES)
        self._thread: threading.Thread | None = None
        self._widget: QWidget | None = None
        self.settings: RecordSettings | None = None
        self.grabbed = self.encoded = self.skipped = 0
        self.grab_ms = 0.0  # total time spent grabbing on the GUI thread
        self._stopping = False

    @property
    def recording(self) -> bool:
        """Whether frames are being grabbed."""
        return self._timer.isActive()

    def start(self, widget: QWidget, settings: RecordSettings) -> None:
        """Begin recording `widget`; ValueError for bad settings, RuntimeError if an encoder is missing."""
        settings.check()
        why = missing_encoder(settings.kind)
        if why:
            raise RuntimeError(why)
        if self._thread is not None:
            raise RuntimeError("already recording")
        self._widget, self.settings = widget, settings
        self.grabbed = self.encoded = self.skipped = 0
        self.grab_ms = 0.0
        self._stopping = False
        self._queue = queue.Queue(QUEUE_FRAMES)
        self._thread = threading.Thread(target=self._encode, args=(settings, self._queue), daemon=True,
                                        name="ganviz-recorder")
        self._thread.start()
        self._timer.start(max(1, round(1000 / settings.fps)))
        self._grab()  # the first frame at once

    def stop(self) -> None:
        """Stop grabbing; the encoder finishes the frames it has and emits finished (or failed)."""
        self._timer.stop()
        if self._thread is not None and not self._stopping:
            self._stopping = True
            self._queue.put(_DONE)  # blocks at most until the encoder takes one frame

    def finish(self) -> None:
        """Stop and wait for the file to be written (the window is closing)."""
        self.stop()
        self.wait(30.0)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt's name)
        """A recording ends, written, when the window it records closes."""
        if event.type() == QEvent.Close:
            self.finish()
        return False

    def wait(self, timeout: float = 30.0) -> bool:
        """Block until the encoder has written the file (tests and closing the window)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    def _grab(self) -> None:
        s = self.settings
        if s is None or self._widget is None or self._stopping:
            return
        if s.max_frames is not None and self.grabbed >= s.max_frames:
            self.stop()
            return
        if self._queue.full():
            self.skipped += 1  # the encoder is behind: skip this tick rather than stall the window
            return
        t0 = time.perf_counter()
        try:
            image = render_at(self._widget, s.width, s.height)
        except RuntimeError:  # the widget was deleted (the window closed): keep what was recorded
            self.stop()
            return
        raw = bytes(image.constBits())[: image.sizeInBytes()]
        self._queue.put((raw, image.width(), image.height(), image.bytesPerLine()))
        self.grab_ms += (time.perf_counter() - t0) * 1000
        self.grabbed += 1
        self.progress.emit(self.grabbed, self.encoded)
        if s.max_frames is not None and self.grabbed >= s.max_frames:
            self.stop()

    def _encode(self, settings: RecordSettings, frames: queue.Queue) -> None:
        from PIL import Image

        writer = None
        try:
            writer = _GifWriter(settings) if settings.kind == "gif" else _Mp4Writer(settings)
            while (item := frames.get()) is not _DONE:
                raw, w, h, stride = item
                image = Image.frombuffer("RGB", (w, h), raw, "raw", "RGB", stride, 1)
                if (w, h) != (settings.width, settings.height):
                    image = image.resize((settings.width, settings.height), Image.Resampling.BILINEAR)
                writer.add(image)
                self.encoded += 1
            writer.close()
            writer = None
        except Exception as e:  # noqa: BLE001 (any failure of an encoder becomes a message, not a crash)
            self._drain(frames)
            self._thread = None
            self.failed.emit(f"recording {settings.path.name} failed: {e}")
            return
        finally:
            if writer is not None:
                try:
                    writer.close()
                except Exception:  # noqa: BLE001 (the first error is the one to report)
                    pass
        self._thread = None
        self.finished.emit(str(settings.path), self.encoded)

    @staticmethod
    def _drain(frames: queue.Queue) -> None:
        while True:
            try:
                if frames.get_nowait() is _DONE:
                    return
            except queue.Empty:
                return


class RecordDialog(QDialog):
    """Format, frames per second and size of a recording."""

    def __init__(self, parent: QWidget | None, area_size: tuple[int, int]):
        super().__init__(parent)
        self.setWindowTitle("Record the view area")
        form = QFormLayout(self)
        self.format = QComboBox()
        self.format.addItem("GIF (for slides)", "gif")
        self.format.addItem("MP4 video (H.264)", "mp4")
        self.fps = QSpinBox(minimum=1, maximum=60, value=15, suffix=" fps")
        w, h = area_size
        if w > DEFAULT_WIDTH:  # a smaller default keeps files small; the aspect of the view area is kept
            w, h = DEFAULT_WIDTH, round(h * DEFAULT_WIDTH / w)
        self.width_box = QSpinBox(minimum=16, maximum=3840, singleStep=2, value=max(16, min(3840, w - w % 2)))
        self.height_box = QSpinBox(minimum=16, maximum=2160, singleStep=2, value=max(16, min(2160, h - h % 2)))
        size = QHBoxLayout()
        size.addWidget(self.width_box)
        size.addWidget(QLabel("×"))
        size.addWidget(self.height_box)
        form.addRow("Format", self.format)
        form.addRow("Frame rate", self.fps)
        form.addRow("Size (pixels)", size)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def settings(self, path: Path) -> RecordSettings:
        """The chosen settings for a file at `path`."""
        return RecordSettings(path, self.fps.value(), self.width_box.value(), self.height_box.value())

    def kind(self) -> str:
        """"gif" or "mp4"."""
        return self.format.currentData()


class RecordingBar(QWidget):
    """In the status bar while recording: a red dot, the frame count and a Stop button."""

    def __init__(self, recorder: Recorder, parent: QWidget | None = None):
        super().__init__(parent)
        self.recorder = recorder
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel("")
        self.stop_button = QPushButton("Stop")
        self.stop_button.setToolTip("Stop recording and write the file")
        self.stop_button.clicked.connect(recorder.stop)
        layout.addWidget(self.label)
        layout.addWidget(self.stop_button)
        recorder.progress.connect(self._show)
        recorder.finished.connect(self._done)
        recorder.failed.connect(self._done)
        self.hide()

    def _done(self, *_) -> None:
        self.hide()

    def _show(self, grabbed: int, encoded: int) -> None:
        s = self.recorder.settings
        seconds = grabbed / s.fps if s else 0.0
        self.label.setText(f"<b style='color:#D55E00'>● REC</b> {grabbed} frames ({seconds:.1f} s), "
                           f"{encoded} encoded")
        self.show()


def attach(window) -> Recorder:
    """A recorder for the window's view area, with its bar in the status bar; a recording ends with the window."""
    rec = Recorder(window)
    bar = RecordingBar(rec)
    window.add_status_widget(bar)
    rec.finished.connect(lambda path, n: window.show_message(f"recorded {n} frames to {path}", 8000))
    rec.failed.connect(lambda why: QMessageBox.warning(window, "Recording failed", why))

    QApplication.instance().aboutToQuit.connect(rec.finish)
    window.installEventFilter(rec)  # closing the window writes the file first
    return rec


def record_dialog(window, rec: Recorder) -> bool:
    """File → Record…: stop a recording, or choose format, rate and size and a file, then start."""
    if rec.recording:
        rec.stop()
        return False
    area = window.view_area()
    dialog = RecordDialog(window, (area.width(), area.height()))
    if dialog.exec() != QDialog.Accepted:
        return False
    kind = dialog.kind()
    why = missing_encoder(kind)
    if why:
        QMessageBox.warning(window, "Cannot record", why)
        return False
    path, _ = QFileDialog.getSaveFileName(window, "Record to", f"ganviz.{kind}", FORMATS[kind])
    if not path:
        return False
    if Path(path).suffix.lower() != f".{kind}":
        path += f".{kind}"
    try:
        rec.start(area, dialog.settings(Path(path)))
    except (ValueError, RuntimeError) as e:
        QMessageBox.warning(window, "Cannot record", str(e))
        return False
    return True
