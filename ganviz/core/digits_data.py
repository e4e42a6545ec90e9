"""The 8×8 handwritten digits that ship inside scikit-learn's wheel (1,797 images, 10 classes, pixels 0–16).

Read straight from the wheel's file, never downloaded; the file's SHA-256 is checked against the one
scikit-learn 1.9.1 ships (constraints.txt pins it), so a missing or damaged file is refused with a
message rather than trained on. Nothing here imports scikit-learn (0.7 s); the file is found by the
package's location.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import zlib
from functools import lru_cache
from pathlib import Path

import numpy as np

from ganviz.core.errors import ConfigError

SHA256 = "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22"
IMAGES, SIDE, CLASSES = 1797, 8, 10
REINSTALL = "reinstall it: pip install -c constraints.txt scikit-learn"


def shipped_file() -> Path | None:
    """Where scikit-learn keeps digits.csv.gz, or None when scikit-learn is not installed."""
    spec = importlib.util.find_spec("sklearn")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "datasets" / "data" / "digits.csv.gz"


def read_digits(path: Path, check_hash: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """(pixels (1797, 64) float64 in 0..16, labels (1797,) int64) from the file, or ConfigError naming what
    is wrong with it."""
    def refuse(why: str) -> ConfigError:
        return ConfigError("target", f"the digits data file {path} {why}; {REINSTALL}")

    if not path.is_file():
        raise refuse("is missing")
    raw = path.read_bytes()
    if check_hash and hashlib.sha256(raw).hexdigest() != SHA256:
        raise refuse("is damaged (its SHA-256 is not that of the file scikit-learn 1.9.1 ships)")
    try:
        table = np.loadtxt(gzip.decompress(raw).decode("ascii").splitlines(), delimiter=",")
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, ValueError) as e:
        raise refuse(f"cannot be read ({e})") from None
    if table.shape != (IMAGES, SIDE * SIDE + 1):
        raise refuse(f"holds a {table.shape} table, not {IMAGES} rows of 64 pixels and a label")
    pixels, labels = table[:, :-1], table[:, -1]
    if not (np.isin(pixels, np.arange(17)).all() and np.isin(labels, np.arange(CLASSES)).all()):
        raise refuse("holds values other than pixels 0–16 and labels 0–9")
    return pixels, labels.astype(np.int64)


@lru_cache(maxsize=1)
def digits() -> tuple[np.ndarray, np.ndarray]:
    """The shipped digits as (images scaled to [−1, 1] by x/8 − 1, (1797, 64); labels (1797,)), read once."""
    path = shipped_file()
    if path is None:
        raise ConfigError("target", f"the digits targets need scikit-learn, which is not installed; {REINSTALL}")
    pixels, labels = read_digits(path)
    images = pixels / 8.0 - 1.0
    images.flags.writeable = False
    labels.flags.writeable = False
    return images, labels
