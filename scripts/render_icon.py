"""Render assets/icon.svg to assets/icon.png (256×256, transparent corners) with Qt's SVG renderer."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ASSETS = Path(__file__).resolve().parent.parent / "assets"


def render(svg: Path, png: Path, size: int = 256) -> None:
    """Draw `svg` into a size×size ARGB image and save it as `png`."""
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render_icon: {svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format_ARGB32_Premultiplied)
    image.fill(Qt.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(png)):
        raise SystemExit(f"render_icon: cannot write {png}")


def main(argv: list[str] | None = None) -> int:
    """Command line: --svg, --png, --size (defaults: the app's icon files, 256)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--svg", type=Path, default=ASSETS / "icon.svg")
    parser.add_argument("--png", type=Path, default=ASSETS / "icon.png")
    parser.add_argument("--size", type=int, default=256)
    args = parser.parse_args(argv)
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # QImage/QPainter need one
    render(args.svg, args.png, args.size)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
