"""Presets: named JSON files of config keys in assets/presets."""

from __future__ import annotations

import json
from pathlib import Path

from ganviz.core.config import Config, from_dict
from ganviz.core.errors import ConfigError


def assets_dir() -> Path:
    """The assets folder: inside the installed package if present, else the repository's."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "assets", here.parent / "assets"):
        if (candidate / "presets").is_dir():
            return candidate
    raise FileNotFoundError("ganviz assets folder not found")


def _preset_files() -> dict[str, Path]:
    return {p.stem: p for p in sorted((assets_dir() / "presets").glob("*.json"))}


def preset_names() -> list[str]:
    """Names of the presets, sorted."""
    return list(_preset_files())


def read_preset(name: str) -> tuple[str, dict]:
    """(description, flat config keys) of a preset; ConfigError if there is no such preset."""
    files = _preset_files()
    if name not in files:
        raise ConfigError("preset", f"unknown preset {name!r}; accepted: {', '.join(files)}")
    data = json.loads(files[name].read_text())
    return data["description"], data["config"]


def load_preset(name: str) -> Config:
    """The validated config of a preset."""
    return from_dict(read_preset(name)[1])


def list_presets() -> list[tuple[str, str]]:
    """(name, one-line description) of every preset."""
    return [(name, read_preset(name)[0]) for name in preset_names()]
