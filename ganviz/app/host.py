"""What a part added to the main window (the lessons) may use of it: a narrow host API.

The window implements these methods; a part is written against this Protocol alone, so it
neither imports the window nor reaches into its private attributes or finds its menus by their
labels, and the window's layout can change without the part knowing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import pyqtgraph as pg
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QDockWidget, QToolBar, QWidget

    from ganviz.app.session.protocol import Frame
    from ganviz.core.config import Config
    from ganviz.core.snapshot import Snapshot


class Host(Protocol):
    """The window as its parts see it."""

    config: Config  # the settings shown (what the next reset will run)
    generation: int  # the trainer's run number: each reset, load or rewind starts a new one
    last_frame: Frame | None  # the newest frame drawn
    kind: str  # the page shown: "1d", "2d" or "dirac"

    # ----- places for widgets and actions -------------------------------------------------------
    def add_dock(self, dock: QDockWidget, tabbed: bool = True) -> None:
        """A dock tabbed beside the Settings dock, or (tabbed=False) below it, so both show at once."""

    def add_page(self, widget: QWidget) -> None:
        """A widget beside the main page of views (its owner hides it until wanted; see show_main_page)."""

    def show_main_page(self, on: bool) -> None:
        """Show or hide the main page of views (a page added beside it then takes its room)."""

    def add_plot(self, widget: QWidget) -> None:
        """A widget at the top of the plot column."""

    def balance_plots(self, column: float) -> None:
        """Share the plot column equally among the plots shown and give it this fraction of the width
        (a Fraction gives whole pixels exactly)."""

    def add_menu_actions(self, menu: str, actions: Iterable[QAction]) -> None:
        """Actions in the "file" menu (beside Open experiment…) or the "view" menu (a group at its end)."""

    def view_switches(self) -> dict[str, QAction]:
        """The View menu's switches of plots, by name (strip, transform, losses, metrics, and those of parts)."""

    def add_view_switch(self, name: str, action: QAction) -> None:
        """A part's checkable switch of a view of its own, listed by view_switches (a lesson step names it)."""

    def set_layers(self, layers: dict[str, bool]) -> None:
        """Turn these layers of the views on or off, through the View menu's switches (others stay)."""

    def plot(self, name: str) -> pg.PlotWidget:
        """One of the window's views by name: density_1d, strip or field_2d (to mark points on)."""

    def views(self) -> dict[str, QWidget]:
        """Every view by name (density_1d, strip, transform, field_2d, density_2d, dirac, image_page, losses,
        metrics)."""

    def view_area(self) -> QWidget:
        """The widget holding every view shown: what a screenshot, an export or a recording of it takes."""

    def add_cover(self, widget: QWidget) -> None:
        """A page that takes the place of every view while shown (the start page); see show_cover."""

    def show_cover(self, widget: QWidget | None) -> None:
        """Show a page added with add_cover in place of the views, or the views again (None)."""

    def add_toolbar(self, bar: QToolBar) -> None:
        """A bar across the top of the window (shown at once)."""

    def remove_toolbar(self, bar: QToolBar) -> None:
        """Take a bar added with add_toolbar away again."""

    def add_status_widget(self, widget: QWidget) -> None:
        """A widget at the right end of the status bar."""

    # ----- the run ------------------------------------------------------------------------------
    def send(self, command: str, value: Any) -> None:
        """A command to the trainer process (as session.protocol lists them)."""

    def set_playing(self, playing: bool) -> None:
        """Run or pause training (the transport follows)."""

    def set_speed(self, steps_per_frame: float) -> None:
        """Train at this many steps per displayed frame (the speed slider follows; inf: as fast as possible)."""

    def apply_config(self, config: Config) -> None:
        """Show a whole config and restart the run with it."""

    def apply_live(self, config: Config) -> None:
        """Show a config and send the trainer the keys that changed, without a reset (they must be live)."""

    def show_message(self, text: str, ms: int) -> None:
        """A message in the status bar for `ms` milliseconds."""

    def on_snapshot(self, callback: Callable[[Snapshot], None]) -> None:
        """Call `callback` with every snapshot the window draws."""

    def on_frame(self, callback: Callable[[Frame], None]) -> None:
        """Call `callback` with every frame the window draws (after its views; for what a frame carries
        beside the snapshot, such as the networks' pictures)."""

    def on_reply(self, callback: Callable[[object], None]) -> None:
        """Call `callback` with every reply of the trainer process (a typed reply, session.protocol.REPLIES)."""
