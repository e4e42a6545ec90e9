"""Assembling a run's config from where its settings come from: a preset, a saved file, `--set` and a seed.

The CLI's commands and the app's launch build their configs here, in this one order.
"""

from __future__ import annotations

from pathlib import Path

from ganviz.core.config import PAIRED, Config, from_dict, key_specs, parse_text
from ganviz.core.errors import ConfigError
from ganviz.core.presets import read_config_file, read_preset


def resolve_config(preset: str | None, config_file: Path | None, sets: list[str], seed: int | None) -> Config:
    """Preset, then the config file's keys, then each KEY=VALUE of `sets`, then the seed; ConfigError on bad input."""
    changes: dict = {}
    if preset:
        changes.update(read_preset(preset)[1])
    if config_file is not None:
        try:
            changes.update(read_config_file(config_file, "--config"))
        except RecursionError:  # json gives up on deeply nested brackets with no message of its own
            raise ConfigError("--config", f"{config_file} is not a JSON experiment: nested too deeply") from None
    cfg = from_dict(changes)
    for item in sets:
        cfg = apply_set(cfg, item)
    if seed is not None:
        cfg = cfg.with_changes({"seed": seed})
    return cfg


def apply_set(cfg: Config, item: str) -> Config:
    """The config with one `KEY=VALUE` (command-line text) applied; ConfigError naming the key."""
    key, sep, text = item.partition("=")
    key = key.strip()
    if not sep or not key:
        raise ConfigError("--set", f"expected KEY=VALUE, got {item!r}")
    specs = key_specs(cfg)
    if key in PAIRED:  # both players at once, parsed as either player's key
        return cfg.with_changes({key: parse_text(specs[PAIRED[key][0]], text)})
    if key not in specs:
        if key.startswith("target.") and key != "target.":
            raise ConfigError(key, f"not a parameter of target {cfg.target}; accepted: "
                              + ", ".join(k for k in specs if k.startswith("target.")))
        shown = key if key.isprintable() else repr(key)  # a key of control characters must still show
        raise ConfigError(shown, "unknown key; accepted: " + ", ".join(specs))
    return cfg.with_changes({key: parse_text(specs[key], text)})
