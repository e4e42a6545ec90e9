"""The flags that assemble a run's settings, the same for every command that trains: `run`, `sweep`, `spectrum`
(core.assemble.resolve_config reads them)."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_settings_flags(p: argparse.ArgumentParser, set_help: str = "change one config key (repeatable)",
                       seed_help: str = "random seed (same as --set seed=S)") -> None:
    """--preset, --config, --set KEY=VALUE (repeatable) and --seed on the parser `p`."""
    p.add_argument("--preset", help="start from this preset (see `ganviz presets`)")
    p.add_argument("--config", type=Path, help="start from a saved experiment JSON (flat keys)")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help=set_help)
    p.add_argument("--seed", type=int, help=seed_help)
