"""The start page: every preset and every lesson as a card with a picture, one double-click away.

Shown in place of the views on a first start and from File → New (Ctrl+N, the window's entry);
Esc or "Back to the run" returns to the views unchanged. The pictures are shipped in assets/gallery, rendered
once by scripts/gallery_thumbnails.py from short headless runs of the window itself.
A part of the window written against the host API (host.py): a preset is opened through
host.apply_config, a lesson through the lessons part.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ganviz.app.views import palette
from ganviz.core.lessons import LessonError, builtin_lessons, load_lesson
from ganviz.core.presets import PRESET_GROUPS, assets_dir, list_presets, load_preset, preset_group

if TYPE_CHECKING:
    from ganviz.app.host import Host
    from ganviz.app.lessons_panel import LessonViews

LESSONS_GROUP = "Lessons"
THUMB = QSize(240, 150)  # the pictures' size as shipped and as shown
CARD = QSize(262, 236)  # a card's cell: the picture, the name and two lines of description
SEEN_KEY = "gallery/seen"  # set once the start page has been shown: later starts go to the last run


@dataclass(frozen=True)
class Card:
    """One entry of the start page."""

    kind: str  # "preset" or "lesson"
    name: str  # the preset's name, or the lesson file's stem
    title: str  # what the card says in bold
    description: str  # the whole description: the card's tooltip
    group: str
    path: Path | None = None  # the lesson's file


def thumbnail_path(card: Card) -> Path:
    """Where a card's picture is shipped."""
    return assets_dir() / "gallery" / f"{card.kind}-{card.name}.png"


ABBREVIATIONS = ("et al", "e.g", "i.e", "cf", "vs")  # their full stops end no sentence


def first_sentence(text: str) -> str:
    """The description up to its first full stop (the card shows two lines; the tooltip the rest); a stop
    inside parentheses, "(Gulrajani et al. 2017)", or after an abbreviation does not end the sentence."""
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if ch == "." and text[i + 1:i + 2] == " " and depth <= 0 and not text[:i].endswith(ABBREVIATIONS):
            return text[:i + 1]
    return text


def gallery_cards() -> list[Card]:
    """Every preset (as `ganviz presets` lists them) and every built-in lesson, grouped, in order."""
    cards = [Card("preset", name, name, description, preset_group(load_preset(name)))
             for name, description in list_presets()]
    cards.sort(key=lambda c: PRESET_GROUPS.index(c.group))  # stable: by name within a group
    for path in builtin_lessons():
        try:
            lesson = load_lesson(path)
        except LessonError:
            continue  # a broken built-in lesson is reported by its test, not on the start page
        cards.append(Card("lesson", path.stem, lesson.title, lesson.summary, LESSONS_GROUP, path))
    return cards


class CardList(QListWidget):
    """One group's cards in rows that wrap to the page's width; as tall as its rows (the page scrolls)."""

    def __init__(self, cards: list[Card]):
        super().__init__()
        self.setViewMode(QListView.IconMode)
        self.setMovement(QListView.Static)
        self.setResizeMode(QListView.Adjust)
        self.setWrapping(True)
        self.setWordWrap(True)
        self.setIconSize(THUMB)
        self.setGridSize(CARD)
        self.setUniformItemSizes(True)
        self.setFrameShape(QFrame.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setSelectionMode(QListWidget.SingleSelection)
        for card in cards:
            picture = thumbnail_path(card)
            item = QListWidgetItem(QIcon(str(picture)) if picture.exists() else QIcon(), "")
            item.setText(f"{card.title}\n{first_sentence(card.description)}")
            item.setToolTip(card.description)
            item.setData(Qt.UserRole, card)
            item.setSizeHint(CARD)
            self.addItem(item)

    def rows(self, width: int) -> int:
        per_row = max(1, width // CARD.width())
        return math.ceil(self.count() / per_row)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.setFixedHeight(self.rows(event.size().width()) * CARD.height() + 8)


class GalleryPage(QWidget):
    """The start page: a heading, the groups of cards, and a way back to the run."""

    chosen = Signal(object)  # the Card opened

    def __init__(self, cards: list[Card], parent: QWidget | None = None):
        super().__init__(parent)
        self.lists: dict[str, CardList] = {}
        heading = QLabel("Start: open a preset to train, or a lesson to follow step by step")
        heading.setFont(palette.font(palette.TITLE_PT + 2))
        heading.setWordWrap(True)
        hint = QLabel("Double-click a card (or select it and press Enter). File → New shows this page again.")
        hint.setWordWrap(True)
        self.back = QPushButton("Back to the run")
        self.back.setToolTip("Return to the views as they were (Esc)")
        top = QHBoxLayout()
        top.addWidget(heading, 1)
        top.addWidget(self.back, 0, Qt.AlignTop)
        body = QWidget()
        column = QVBoxLayout(body)
        groups = list(PRESET_GROUPS) + [LESSONS_GROUP]
        for group in groups:
            members = [c for c in cards if c.group == group]
            if not members:
                continue
            label = QLabel(group)
            label.setFont(palette.font(palette.TITLE_PT))
            cards_list = CardList(members)
            cards_list.itemActivated.connect(lambda item: self.chosen.emit(item.data(Qt.UserRole)))
            column.addWidget(label)
            column.addWidget(cards_list)
            self.lists[group] = cards_list
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QFrame.NoFrame)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(hint)
        layout.addWidget(scroll, 1)

    def items(self) -> list[QListWidgetItem]:
        """Every card's item, group by group."""
        return [lst.item(i) for lst in self.lists.values() for i in range(lst.count())]


class Gallery:
    """The start page in the window: File → New shows it, a card opens its preset or lesson."""

    def __init__(self, host: Host, lessons: LessonViews, open_preset: Callable[[str], None]):
        self.host = host
        self.lessons = lessons
        self.open_preset = open_preset
        self.page = GalleryPage(gallery_cards())
        self.page.chosen.connect(self.open)
        self.page.back.clicked.connect(self.close)
        host.add_cover(self.page)
        self.escape = QAction(self.page, shortcut=QKeySequence(Qt.Key_Escape),
                              shortcutContext=Qt.WidgetWithChildrenShortcut)
        self.escape.triggered.connect(self.close)
        self.page.addAction(self.escape)

    @property
    def shown(self) -> bool:
        return self.page.isVisible()

    def show(self) -> None:
        """Cover the views with the start page (training pauses: nothing would be seen of it)."""
        self.host.set_playing(False)
        self.host.show_cover(self.page)
        self.page.setFocus()

    def show_if_first(self, settings) -> bool:
        """Show the page on the first start of a profile; later starts open on the last run."""
        if settings.value(SEEN_KEY, False, type=bool):
            return False
        settings.setValue(SEEN_KEY, True)
        self.show()
        return True

    def close(self) -> None:
        """The views again, as they were."""
        self.host.show_cover(None)

    def open(self, card: Card) -> None:
        """Open a card: a preset starts over with its config, a lesson at its first step."""
        self.close()
        if card.kind == "lesson":
            self.lessons.open(card.path)
            return
        self.open_preset(card.name)


def install_gallery(host: Host, lessons: LessonViews, open_preset: Callable[[str], None]) -> Gallery:
    """Add the start page to a window (its File → New shows it); `open_preset(name)` opens a preset."""
    return Gallery(host, lessons, open_preset)
