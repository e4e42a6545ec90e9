"""The start page: every preset and lesson as a card, each opening exactly what it names."""

import json

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QImage

from ganviz.app.gallery import THUMB, GalleryPage, first_sentence, gallery_cards, thumbnail_path
from ganviz.core.lessons import builtin_lessons, load_lesson
from ganviz.core.presets import PRESET_GROUPS, load_preset, preset_group, preset_names, preset_speed
from tests.app.conftest import settle, wait_frame


def test_the_cards_are_exactly_the_presets_and_the_builtin_lessons():
    cards = gallery_cards()
    assert sorted(c.name for c in cards if c.kind == "preset") == sorted(preset_names())  # `ganviz presets`
    assert [c.path for c in cards if c.kind == "lesson"] == builtin_lessons()  # in teaching order
    for card in cards:
        if card.kind == "preset":
            assert card.group == preset_group(load_preset(card.name)) in PRESET_GROUPS
        else:
            assert card.title == load_lesson(card.path).title


@pytest.mark.parametrize(("text", "first"), [
    ("WGAN-GP (Gulrajani et al. 2017): a critic. More.", "WGAN-GP (Gulrajani et al. 2017): a critic."),
    ("As in Metz et al. 2017, G collapses. Then it hops.", "As in Metz et al. 2017, G collapses."),
    ("Two Gaussians at ±2 (std 0.5. wide). Watch D.", "Two Gaussians at ±2 (std 0.5. wide)."),
    ("No full stop at all", "No full stop at all"),
    ("Ends here.", "Ends here."),
])
def test_a_cards_line_is_the_descriptions_first_sentence(text, first):
    assert first_sentence(text) == first


def test_no_preset_card_stops_inside_a_parenthesis():
    for card in gallery_cards():
        line = first_sentence(card.description)
        assert line.count("(") == line.count(")"), (card.name, line)


def test_every_card_has_its_picture_shipped_at_the_size_shown():
    for card in gallery_cards():
        image = QImage(str(thumbnail_path(card)))
        assert not image.isNull(), f"{thumbnail_path(card)} missing: run scripts/gallery_thumbnails.py"
        assert (image.width(), image.height()) == (THUMB.width(), THUMB.height())
        colours = {image.pixel(x, y) for x in range(0, image.width(), 8) for y in range(0, image.height(), 8)}
        assert len(colours) > 20, f"{card.name}: the picture is nearly blank"


def test_the_page_groups_its_cards_and_wraps_them_to_its_width(qtbot):
    page = GalleryPage(gallery_cards())
    qtbot.addWidget(page)
    page.resize(1024, 700)
    page.show()
    qtbot.waitExposed(page)
    assert list(page.lists) == [*PRESET_GROUPS, "Lessons"]
    lessons = page.lists["Lessons"]
    per_row = lessons.viewport().width() // lessons.gridSize().width()
    assert per_row >= 3
    rows = -(-lessons.count() // per_row)
    # as tall as its rows: every card of the group is inside the list, none hidden under a scroll bar
    last = lessons.visualItemRect(lessons.item(lessons.count() - 1))
    assert last.bottom() <= lessons.viewport().height()
    assert lessons.height() >= rows * lessons.gridSize().height()


def test_new_shows_the_page_and_each_card_opens_its_preset_or_lesson(qtbot, open_window):
    window = open_window(load_preset("gaussian-1d"))
    gallery = window.gallery
    new = next(a for a in window.menuBar().actions()[0].menu().actions() if a.text().startswith("&New"))
    new.trigger()
    assert window.covers.currentWidget() is gallery.page and gallery.page.isVisible()
    assert not window.view_area().isVisible()
    items = {item.data(Qt.UserRole).name: item for item in gallery.page.items()}
    for name in ("ring-8", "bimodal-1d-gmn", "dirac-gan"):
        new.trigger()
        item = items[name]
        item.listWidget().itemActivated.emit(item)  # what a double-click or Enter does
        assert window.view_area().isVisible()
        state = settle(qtbot, window)
        assert json.loads(state.config_json) == json.loads(load_preset(name).to_json()), name
        assert window.transport.speed() == preset_speed(name)  # the Dirac-GAN opens in slow motion
        assert state.speed == preset_speed(name)
    new.trigger()
    lesson = items["05-ideal-discriminator"]
    lesson.listWidget().itemActivated.emit(lesson)
    assert window.lessons.panel.lesson.title == load_lesson(lesson.data(Qt.UserRole).path).title
    assert window.lessons.dock.isVisible()
    frame = wait_frame(qtbot, window, lambda f: json.loads(f.config_json)["discriminator"] == "oracle")
    assert frame is not None


def test_back_leaves_the_run_as_it_was(qtbot, open_window):
    window = open_window(load_preset("gaussian-1d"))
    before = settle(qtbot, window)
    window.gallery.show()
    window.gallery.page.back.click()
    assert window.view_area().isVisible()
    after = settle(qtbot, window)
    assert (after.generation, after.config_json) == (before.generation, before.config_json)


def test_it_opens_by_itself_on_a_profiles_first_start_only(qtbot, open_window, tmp_path):
    window = open_window(load_preset("gaussian-1d"))
    fresh = QSettings(str(tmp_path / "fresh.ini"), QSettings.IniFormat)
    assert window.gallery.show_if_first(fresh) and window.gallery.page.isVisible()
    window.gallery.close()
    assert not window.gallery.show_if_first(fresh) and not window.gallery.page.isVisible()
