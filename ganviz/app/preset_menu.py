"""File → Open preset: every preset one click away, grouped by what it shows, its description as a tip.

A part of the window written against the host API (host.py): it adds one submenu to the File menu
and opens a preset by handing its config to host.apply_config.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from ganviz.app.host import Host
from ganviz.core.errors import ConfigError
from ganviz.core.presets import PRESET_GROUPS, list_presets, load_preset, preset_group, preset_speed


class PresetMenu:
    """The File → Open preset submenu: one action per preset (as `ganviz presets` lists them)."""

    def __init__(self, host: Host, parent):
        self.host = host
        self.menu = QMenu("Open &preset", parent)
        self.menu.setToolTipsVisible(True)
        self.actions: dict[str, QAction] = {}
        by_group: dict[str, list[tuple[str, str]]] = {name: [] for name in PRESET_GROUPS}
        for name, description in list_presets():
            by_group[preset_group(load_preset(name))].append((name, description))
        for group, members in by_group.items():
            if not members:
                continue
            self.menu.addSection(group)
            for name, description in members:
                act = self.menu.addAction(name)
                act.setToolTip(description)
                act.setStatusTip(description)
                act.triggered.connect(lambda _=False, n=name: self.open(n))
                self.actions[name] = act

    def open(self, name: str) -> None:
        """Show the preset's settings and start over with them."""
        try:
            config, speed = load_preset(name), preset_speed(name)
        except ConfigError as e:  # a preset file edited by hand: say so, keep the run
            self.host.show_message(f"cannot open preset {name}: {e}", 8000)
            return
        self.host.apply_config(config)
        self.host.set_speed(speed)  # the Dirac-GAN opens in slow motion
        self.host.show_message(f"preset {name}", 4000)


def install_preset_menu(host: Host, parent) -> PresetMenu:
    """Add File → Open preset to the host's window."""
    part = PresetMenu(host, parent)
    host.add_menu_actions("file", [part.menu.menuAction()])
    return part
