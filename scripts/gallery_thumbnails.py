"""The start page's pictures: every preset and every lesson's first step, after a short run in the window.

Writes assets/gallery/preset-NAME.png and lesson-NAME.png (240×150), from the window itself
(offscreen, one torch thread): each card is opened as a user would open it, trained until
STEPS steps or SECONDS seconds of play, whichever comes first, paused, and its view area
its main view grabbed and scaled. Run it again after changing a preset, a lesson or a view:

    python scripts/gallery_thumbnails.py            # all of them (about 5 minutes)
    python scripts/gallery_thumbnails.py ring-8     # only the cards named
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from app_screenshots import quiet_offscreen_note, run_events  # noqa: E402

WINDOW = (900, 800)  # the grab is the main view of this window, docks hidden, scaled down (no wider
# than about 2:1, so that the 2-D heat map fills it: its grid reaches VIEW_2D_REACH times the target)
STEPS, SECONDS = 2000, 20.0


def main_view(window):
    """The view a card shows: the lesson's sampler if shown, else the page's first view (the densities,
    the plane of samples, or the Dirac-GAN's parameter plane); the whole window would be too small to read."""
    sampler = window.lessons.sampler
    if sampler.isVisible():
        return sampler
    if window.kind == "image":
        return window.image_page.grid_view  # the digits themselves, without the plots under them
    return window.views()[{"1d": "density_1d", "2d": "field_2d", "dirac": "dirac"}[window.kind]]


def capture(window, gallery, card, out: Path) -> str:
    """Open one card, let it train, grab its views; returns a line for the log."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPainter, QPixmap

    from ganviz.app.gallery import THUMB

    generation = window.generation
    gallery.open(card)
    window.lessons.dock.setVisible(False)  # a lesson shows its dock: the picture is of the views alone
    if not run_events(60, lambda: window.last_frame is not None and window.last_frame.generation > generation):
        return f"{card.name}: no frame within 60 s (not written)"
    if not window.last_frame.playing:  # a lesson's first step may wait for Play: the picture shows a run
        window.set_playing(True)
    start = window.last_frame.step
    run_events(SECONDS, lambda: window.last_frame.step - start >= STEPS
               or (card.kind == "lesson" and not window.last_frame.playing and window.last_frame.step > start))
    window.set_playing(False)
    run_events(5, lambda: not window.last_frame.playing)
    run_events(0.5)  # the last frame's repaint, and the history plots drawn after it
    shot = main_view(window).grab().scaled(THUMB, Qt.KeepAspectRatio, Qt.SmoothTransformation)
    picture = QPixmap(THUMB)  # the whole view, fitted and centred on white (a tall 2-D plane is not cut)
    picture.fill(Qt.white)
    painter = QPainter(picture)
    painter.drawPixmap((THUMB.width() - shot.width()) // 2, (THUMB.height() - shot.height()) // 2, shot)
    painter.end()
    if not picture.save(str(out)):
        return f"{card.name}: could not write {out}"
    return f"wrote {out.name} (step {window.last_frame.step})"


def main(names: list[str]) -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ganviz.app.gallery import gallery_cards, thumbnail_path
    from ganviz.app.window import MainWindow
    from ganviz.core.presets import load_preset

    quiet_offscreen_note()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("ganviz")
    cards = [c for c in gallery_cards() if not names or c.name in names]
    unknown = set(names) - {c.name for c in cards}
    if unknown:
        print(f"unknown cards: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        window = MainWindow(load_preset("gaussian-1d"), QSettings(str(Path(tmp) / "s.ini"), QSettings.IniFormat))
        window.settings_dock.setVisible(False)
        window.lessons.dock.setVisible(False)
        window.resize(*WINDOW)
        window.show()
        run_events(60, lambda: window.last_frame is not None)
        for card in cards:
            out = thumbnail_path(card)
            out.parent.mkdir(parents=True, exist_ok=True)
            print(capture(window, window.gallery, card, out), file=sys.stderr, flush=True)
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
