"""Figures and numbers for slides: any view as PNG or SVG, the histories as CSV.

PNG of a pyqtgraph view goes through pyqtgraph's ImageExporter (any width, same drawing); SVG is
painted by Qt's QSvgGenerator, for plots and composite widgets alike, so curves stay vector
paths. (pyqtgraph 0.14's SVGExporter fails on the path syntax Qt 6.11 writes.)
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pyqtgraph.exporters  # noqa: F401 (registers pg.exporters)
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QMessageBox, QWidget

IMAGE_FILTER = "PNG image (*.png);;SVG drawing (*.svg)"
CSV_FILTER = "CSV table (*.csv)"
FIRST_COLUMNS = ("step",)


def export_view(widget: QWidget, path: str | Path, scale: float = 1.0) -> Path:
    """Write `widget` as PNG or SVG, chosen by the file's suffix; ValueError for any other suffix."""
    path = Path(path)
    kind = path.suffix.lower()
    if kind not in (".png", ".svg"):
        raise ValueError(f"{path.name}: export as .png or .svg")
    scene = widget.scene() if isinstance(widget, pg.GraphicsView) else None
    if kind == ".svg":
        _paint_svg(widget, path)
    elif scene is not None:
        exporter = pg.exporters.ImageExporter(scene)
        exporter.parameters()["width"] = int(round(widget.width() * scale))
        exporter.export(str(path))
    else:
        image = widget.grab()
        if scale != 1.0:
            image = image.scaled(image.size() * scale, Qt.KeepAspectRatio, Qt.SmoothTransformation)
        if not image.save(str(path)):
            raise OSError(f"{path}: could not be written")
    return path


def _paint_svg(widget: QWidget, path: Path) -> None:
    gen = QSvgGenerator()
    gen.setFileName(str(path))
    gen.setSize(QSize(widget.width(), widget.height()))
    gen.setViewBox(QRect(0, 0, widget.width(), widget.height()))
    gen.setTitle("ganviz")
    painter = QPainter(gen)
    try:
        QWidget.render(widget, painter, QPoint())  # the widget's own paint code, children included
    finally:
        painter.end()


def history_columns(history: Mapping[str, np.ndarray]) -> list[str]:
    """Column order of a history table: step first, then the series by name."""
    return [c for c in FIRST_COLUMNS if c in history] + sorted(k for k in history if k not in FIRST_COLUMNS)


def write_history_csv(history: Mapping[str, np.ndarray], path: str | Path) -> int:
    """Write the histories as one CSV table (a header, one row per record; NaN as an empty cell); returns rows."""
    path = Path(path)
    columns = history_columns(history)
    arrays = [np.asarray(history[c], dtype=float) for c in columns]
    n = len(arrays[0]) if arrays else 0
    tmp = path.with_name(path.name + ".part")
    with tmp.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(columns)
        for i in range(n):
            out.writerow([_cell(a[i], c) for a, c in zip(arrays, columns, strict=True)])
    tmp.replace(path)
    return n


def _cell(value: float, column: str) -> str:
    if not math.isfinite(value):
        return "" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if column == "step":
        return str(int(value))
    return repr(float(value))


def context_menu(widget: QWidget, name: str) -> QMenu:
    """A right-click menu with Export as PNG… and Export as SVG… for one view."""
    menu = QMenu(widget)
    for label, suffix in (("Export as PNG…", ".png"), ("Export as SVG…", ".svg")):
        act = menu.addAction(label)
        act.triggered.connect(lambda _=False, s=suffix: save_view_dialog(widget, name, s))
    return menu


def install_context_menu(widget: QWidget, name: str) -> None:
    """Give a view the export menu on right click (its pyqtgraph menus are off)."""
    for target in (widget, getattr(widget, "viewport", lambda: None)()):
        if target is None:
            continue
        target.setContextMenuPolicy(Qt.CustomContextMenu)
        target.customContextMenuRequested.connect(
            lambda pos, t=target: context_menu(widget, name).exec(t.mapToGlobal(pos)))


def _file_name(name: str) -> str:
    return "ganviz-" + "-".join(name.lower().replace("(", "").replace(")", "").split())


def save_view_dialog(widget: QWidget, name: str, suffix: str = ".png") -> Path | None:
    """Ask for a file name and export the view; a failure is shown, never raised."""
    start = _file_name(name) + suffix
    path, _ = QFileDialog.getSaveFileName(widget.window(), f"Export {name}", start, IMAGE_FILTER,
                                          "SVG drawing (*.svg)" if suffix == ".svg" else "PNG image (*.png)")
    if not path:
        return None
    if Path(path).suffix.lower() not in (".png", ".svg"):
        path += suffix
    try:
        return export_view(widget, path)
    except (OSError, ValueError) as e:
        QMessageBox.warning(widget.window(), "Export failed", str(e))
        return None


def export_dialog(parent: QWidget, views: Mapping[str, QWidget]) -> Path | None:
    """File → Export view…: pick one of the visible views (or the whole area), then a file."""
    names = list(views)
    name, ok = QInputDialog.getItem(parent, "Export view", "Which view:", names, 0, False)
    if not ok:
        return None
    return save_view_dialog(views[name], name)


def export_history_dialog(parent: QWidget, history: Mapping[str, np.ndarray]) -> Path | None:
    """File → Export histories…: the recorded losses and metrics as a CSV table."""
    if not history or not len(next(iter(history.values()))):
        QMessageBox.information(parent, "Export histories", "Nothing recorded yet: run a few steps first.")
        return None
    path, _ = QFileDialog.getSaveFileName(parent, "Export histories", "ganviz-history.csv", CSV_FILTER)
    if not path:
        return None
    try:
        rows = write_history_csv(history, path)
    except OSError as e:
        QMessageBox.warning(parent, "Export failed", f"{path}: {e.strerror or e}")
        return None
    if hasattr(parent, "statusBar"):
        parent.statusBar().showMessage(f"wrote {rows} rows to {path}", 5000)
    return Path(path)


def window_views(host) -> dict[str, QWidget]:
    """The host's exportable views by name: the whole view area first, then each plot."""
    views = {"View area (all visible plots)": host.view_area()}
    widgets = host.views()
    for name, key in (("Density view (1-D)", "density_1d"), ("Mapping strip", "strip"),
                      ("Transform plot", "transform"), ("Field view (2-D)", "field_2d"),
                      ("Densities (2-D)", "density_2d"), ("Dirac-GAN plane", "dirac"), ("Losses", "losses"),
                      ("Metrics", "metrics")):
        if key in widgets:
            views[name] = widgets[key]
    page = widgets.get("image_page")
    if page is not None:  # the image page whole, and each of its pictures
        views.update({"Image page": page, "Samples beside nearest images": page.grid_view, "D's score": page.scores,
                      "Classes read": page.shares, "Latent walk": page.walk, "Find the code": page.finder})
    return views


NO_MENU = ("Image page", "Find the code")  # the page holds views with menus of their own; the finder's right
# button erases a pixel. Both are exported from File → Export view.


def install(window) -> None:
    """Right-click export menus on every view of the window."""
    for name, widget in list(window_views(window).items())[1:]:
        if name not in NO_MENU:
            install_context_menu(widget, name)


def export_visible_dialog(window) -> Path | None:
    """File → Export view…, offering only the views on screen."""
    views = {k: w for k, w in window_views(window).items() if w.isVisible()}
    return export_dialog(window, views)
