"""Presets: named JSON files of config keys in assets/presets."""

from __future__ import annotations

import json
import math
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


def read_preset_file(name: str) -> dict:
    """The whole JSON of a preset (description, config and claims); ConfigError if there is no such preset."""
    files = _preset_files()
    if name not in files:
        raise ConfigError("preset", f"unknown preset {name!r}; accepted: {', '.join(files)}")
    return json.loads(files[name].read_text())


def read_preset(name: str) -> tuple[str, dict]:
    """(description, flat config keys) of a preset; ConfigError if there is no such preset."""
    data = read_preset_file(name)
    return data["description"], data["config"]


def read_config_file(path: Path, key: str) -> dict:
    """The flat config keys in a saved experiment (or a preset-shaped or flat JSON file).

    ConfigError under `key` (the option or field the path came from) if it cannot be read,
    is not JSON, or holds no object.
    """
    try:
        data = json.loads(Path(path).read_text())
    except OSError as e:
        raise ConfigError(key, f"cannot read {path}: {e.strerror}") from None
    except json.JSONDecodeError as e:
        raise ConfigError(key, f"{path} is not a JSON experiment: not valid JSON (line {e.lineno}: {e.msg})") from None
    except UnicodeDecodeError:
        raise ConfigError(key, f"{path} is not a JSON experiment: not valid JSON (not UTF-8 text)") from None
    except RecursionError:  # e.g. 100 000 nested brackets
        raise ConfigError(key, f"{path} is not a JSON experiment: nested too deeply") from None
    if isinstance(data, dict) and isinstance(data.get("config"), dict):
        data = data["config"]  # an experiment or a preset: the keys sit under "config"
    if not isinstance(data, dict):
        raise ConfigError(key, f"{path} must hold a JSON object of key: value pairs")
    return data


def preset_speed(name: str) -> float:
    """The training steps per displayed frame a preset opens at: its optional "speed" (a positive number,
    e.g. 0.25 for one step every 4 frames), else as fast as possible (inf). ConfigError if it is bad."""
    speed = read_preset_file(name).get("speed", math.inf)
    if isinstance(speed, bool) or not isinstance(speed, int | float) or not speed > 0:
        raise ConfigError("speed", f"preset {name!r}: speed must be a positive number of steps per frame, "
                          f"got {speed!r}")
    return float(speed)


def load_preset(name: str) -> Config:
    """The validated config of a preset."""
    return from_dict(read_preset(name)[1])


def list_presets() -> list[tuple[str, str]]:
    """(name, one-line description) of every preset."""
    return [(name, read_preset(name)[0]) for name in preset_names()]


# as the menu and the start page show them
PRESET_GROUPS = ("1-D", "2-D", "Dirac-GAN: the non-convergence lab", "Images: 8×8 digits")


def preset_group(config: Config) -> str:
    """Which of PRESET_GROUPS a preset's config belongs to."""
    if config.target == "dirac":
        return PRESET_GROUPS[2]
    if config.image:
        return PRESET_GROUPS[3]
    return PRESET_GROUPS[0] if config.dim == 1 else PRESET_GROUPS[1]
