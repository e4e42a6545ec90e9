"""Recording: exact frame counts and sizes read back from the files, bad settings refused, Stop writes the file."""

from __future__ import annotations

from pathlib import Path

import imageio_ffmpeg
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QMainWindow, QWidget

from ganviz.app.recorder import Recorder, RecordingBar, RecordSettings, attach, gif_delay_ms


class Counter(QWidget):
    """A widget that looks different at every paint, like a view while training runs."""

    def __init__(self):
        super().__init__()
        self.paints = 0
        self.resize(200, 120)

    def paintEvent(self, event):  # noqa: N802 (Qt's name)
        self.paints += 1
        p = QPainter(self)
        p.fillRect(self.rect(), QColor.fromHsv((self.paints * 7) % 360, 200, 220))
        p.fillRect(self.paints % 180, 40, 20, 40, QColor("black"))
        p.end()


def record(qtbot, path: Path, frames: int, size=(160, 90), fps=50) -> tuple[Recorder, list]:
    widget = Counter()
    qtbot.addWidget(widget)
    rec = Recorder()
    done = []
    rec.finished.connect(lambda p, n: done.append((p, n)))
    rec.start(widget, RecordSettings(path, fps, *size, max_frames=frames))
    qtbot.waitUntil(lambda: bool(done), timeout=120_000)
    return rec, done


def mp4_frames(path: Path) -> tuple[dict, int]:
    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    return meta, sum(1 for _ in reader)


def test_a_100_frame_gif_has_100_frames_of_the_requested_size(qtbot, tmp_path):
    path = tmp_path / "clip.gif"
    rec, done = record(qtbot, path, 100)
    assert done == [(str(path), 100)] and rec.grabbed == 100 and rec.skipped == 0
    with Image.open(path) as gif:
        assert gif.n_frames == 100 and gif.size == (160, 90)
        assert gif.info["duration"] == 20 and gif.info["loop"] == 0  # 50 fps


def test_a_100_frame_mp4_has_100_frames_of_the_requested_size(qtbot, tmp_path):
    path = tmp_path / "clip.mp4"
    rec, done = record(qtbot, path, 100, size=(320, 180), fps=25)
    assert done == [(str(path), 100)]
    meta, n = mp4_frames(path)
    assert n == 100 and tuple(meta["size"]) == (320, 180) and meta["fps"] == pytest.approx(25)


def test_stop_writes_what_was_grabbed_and_the_bar_shows_progress(qtbot, tmp_path):
    widget = Counter()
    qtbot.addWidget(widget)
    rec = Recorder()
    bar = RecordingBar(rec)
    qtbot.addWidget(bar)
    done = []
    rec.finished.connect(lambda p, n: done.append(n))
    rec.start(widget, RecordSettings(tmp_path / "s.gif", 30, 64, 48))
    qtbot.waitUntil(lambda: rec.grabbed >= 5, timeout=60_000)
    assert rec.recording and "REC" in bar.label.text() and bar.isVisible()
    qtbot.mouseClick(bar.stop_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: bool(done), timeout=60_000)
    assert not rec.recording and not bar.isVisible()
    with Image.open(tmp_path / "s.gif") as gif:
        assert gif.n_frames == done[0] == rec.grabbed


@pytest.mark.parametrize(("settings", "message"), [
    (RecordSettings(Path("a.avi")), "must end in .gif or .mp4"),
    (RecordSettings(Path("a.gif"), fps=0), "fps must be 1 to 50 for GIF"),
    (RecordSettings(Path("a.gif"), fps=60), "fps must be 1 to 50 for GIF"),
    (RecordSettings(Path("a.mp4"), fps=61), "fps must be 1 to 60 for MP4"),
    (RecordSettings(Path("a.gif"), width=8), "size must be 16×16 to 3840×2160"),
    (RecordSettings(Path("a.mp4"), width=641), "an MP4 needs an even width and height"),
])
def test_bad_settings_are_refused_before_anything_starts(qtbot, settings, message):
    rec = Recorder()
    widget = Counter()
    qtbot.addWidget(widget)
    with pytest.raises(ValueError, match=message):
        rec.start(widget, settings)
    assert not rec.recording


def test_an_unwritable_file_reports_failure_instead_of_crashing(qtbot, tmp_path):
    widget = Counter()
    qtbot.addWidget(widget)
    rec = Recorder()
    failed = []
    rec.failed.connect(failed.append)
    rec.start(widget, RecordSettings(tmp_path / "no" / "such" / "dir.gif", 50, 32, 32, max_frames=3))
    qtbot.waitUntil(lambda: bool(failed), timeout=60_000)
    assert failed[0].startswith("recording dir.gif failed:")


def test_gif_delays_are_whole_hundredths_browsers_honour():
    assert [gif_delay_ms(f) for f in (1, 10, 15, 25, 30, 50)] == [1000, 100, 70, 40, 30, 20]


class HostWindow(QMainWindow):
    """The two host methods the recorder uses (ganviz.app.host), on a bare window."""

    def add_status_widget(self, widget):
        self.statusBar().addPermanentWidget(widget)

    def show_message(self, text, ms):
        self.statusBar().showMessage(text, ms)


def test_closing_the_window_writes_the_recording(qtbot, tmp_path):
    window = HostWindow()
    window.setCentralWidget(Counter())
    qtbot.addWidget(window)
    window.show()
    rec = attach(window)
    rec.start(window.centralWidget(), RecordSettings(tmp_path / "c.mp4", 30, 64, 48))
    qtbot.waitUntil(lambda: rec.grabbed >= 4, timeout=60_000)
    window.close()  # no Stop pressed
    assert not rec.recording
    assert mp4_frames(tmp_path / "c.mp4")[1] == rec.encoded == rec.grabbed


def test_a_recording_of_the_image_page_shows_its_samples_change(qtbot, tmp_path):
    """The image page as the recorder sees it: every frame drawn, and the samples of a later step differ."""
    import numpy as np

    from ganviz.app.views.image_page import ImagePage
    from ganviz.core.presets import load_preset
    from ganviz.core.trainer import Trainer

    tr = Trainer(load_preset("digits").with_changes({"hidden": 8}))
    page = ImagePage()
    qtbot.addWidget(page)
    page.resize(480, 600)
    page.show()
    page.update(tr.snapshot())
    path = tmp_path / "page.gif"
    rec = Recorder()
    done = []
    rec.finished.connect(lambda p, n: done.append((p, n)))
    rec.start(page, RecordSettings(path, 10, 240, 300, max_frames=20))  # room to spare on a slow machine
    qtbot.waitUntil(lambda: rec.grabbed >= 2, timeout=120_000)
    tr.train(200)  # the page changes while it is recorded
    page.update(tr.snapshot())
    qtbot.waitUntil(lambda: bool(done), timeout=120_000)
    assert done == [(str(path), 20)]
    with Image.open(path) as gif:
        assert gif.size == (240, 300)
        durations = []
        for i in range(gif.n_frames):  # Pillow merges equal frames into one shown as long: the time is kept
            gif.seek(i)
            durations.append(gif.info["duration"])
            if i == 0:
                first = np.asarray(gif.convert("RGB"), dtype=float)
        last = np.asarray(gif.convert("RGB"), dtype=float)
    assert sum(durations) == 20 * 100 and gif.n_frames >= 2
    assert first.std() > 10  # the page itself, not a blank frame
    assert np.abs(first - last).mean() > 1  # the new samples were recorded
