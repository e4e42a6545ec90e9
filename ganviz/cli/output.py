"""Writing a run's output as .npz or .json (same field names in both)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np


def _plain(value):
    """JSON-safe form: arrays to lists, NaN and inf to null."""
    if isinstance(value, np.ndarray):
        return _plain(value.tolist())
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return _plain(value.item())
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def write_output(fields: dict, path: Path) -> None:
    """Write to .npz (numpy arrays; config as a string) or .json; the suffix decides."""
    if path.suffix == ".json":
        plain = {k: _plain(v) for k, v in fields.items()}
        if plain.get("diverged_step") == -1:
            plain["diverged_step"] = None
        path.write_text(json.dumps(plain))
    else:
        np.savez_compressed(path, **{k: np.asarray(v) for k, v in fields.items()})
