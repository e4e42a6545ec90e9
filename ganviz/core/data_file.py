"""The class's own data: reading points from a CSV file, and the store that keeps them for the config.

A CSV file holds one or two numeric columns (1-D or 2-D points), separated by commas, semicolons
or tabs, with an optional header line. Blank lines and lines starting with # are skipped. Any
other problem refuses the whole file with a ConfigError naming the line.

Points are kept out of the config: the config names them by a content digest (`target.data`,
e.g. "sha256:3f…"), and the points live as .npy files in a store directory, so a config stays a
few hundred bytes however many rows were loaded, and the trainer's processes find the same
points by name.
"""

from __future__ import annotations

import hashlib
import math
import os
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from ganviz.core.errors import ConfigError

MAX_ROWS = 1_000_000
MIN_ROWS = 2
MAX_ABS = 1e6  # larger coordinates would put the evaluation grid beyond float32 resolution of the models
DELIMITERS = (",", ";", "\t")
REF_PREFIX = "sha256:"


def _refuse(source: str, message: str) -> ConfigError:
    return ConfigError(source, message)


def _split(line: str, delimiter: str | None) -> list[str]:
    # in a one-column file, a separator still shows a line with too many columns
    delimiter = delimiter or next((d for d in DELIMITERS if d in line), None)
    return [p.strip() for p in line.split(delimiter)] if delimiter else [line.strip()]


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def parse_points(text: str, source: str = "data") -> np.ndarray:
    """Points (n, 1) or (n, 2) float64 from CSV text; ConfigError naming `source` and the bad line."""
    if "\x00" in text:
        raise _refuse(source, "not a CSV text file (it contains binary data)")
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")), None)
    if first is None:
        raise _refuse(source, "the file is empty: expected one or two columns of numbers")
    delimiter = next((d for d in DELIMITERS if d in lines[first]), None)
    head = _split(lines[first], delimiter)
    start = first
    if all(_number(h) is None for h in head):
        start = first + 1  # a header line: names, no numbers
    ncols = len(head)
    if ncols not in (1, 2):
        raise _refuse(source, f"line {first + 1}: {ncols} columns; accepted: one column (1-D) or two (2-D)")
    data = [i for i in range(start, len(lines)) if lines[i].strip() and not lines[i].lstrip().startswith("#")]
    if len(data) > MAX_ROWS:
        raise _refuse(source, f"line {data[MAX_ROWS] + 1}: more than {MAX_ROWS:,} data rows; "
                      f"accepted: at most {MAX_ROWS:,}")
    fast = _parse_fast([lines[i] for i in data], delimiter, ncols)
    if fast is not None:
        return fast
    # something is wrong: go line by line to say where
    rows = [_parse_row(lines[i], i + 1, delimiter, ncols, first + 1, source) for i in data]
    if len(rows) < MIN_ROWS:
        what = "no data rows" if not rows else "only 1 data row"
        raise _refuse(source, f"{what}; at least {MIN_ROWS} points are needed")
    return np.array(rows, dtype=np.float64).reshape(len(rows), ncols)


def _parse_fast(lines: list[str], delimiter: str | None, ncols: int) -> np.ndarray | None:
    """All rows at numpy's speed, or None if any rule is broken (the slow path then names the line)."""
    if len(lines) < MIN_ROWS:
        return None
    try:
        arr = np.loadtxt(lines, delimiter=delimiter or ",", ndmin=2, dtype=np.float64, comments=None)
    except ValueError:
        return None
    if arr.shape != (len(lines), ncols) or not np.isfinite(arr).all() or np.abs(arr).max() > MAX_ABS:
        return None
    return arr


def _parse_row(line: str, number: int, delimiter: str | None, ncols: int, first: int, source: str) -> list[float]:
    fields = _split(line, delimiter)
    if len(fields) != ncols:
        raise _refuse(source, f"line {number}: {len(fields)} columns, but line {first} has {ncols}")
    row = []
    for c, field in enumerate(fields):
        value = _number(field)
        if value is None:
            raise _refuse(source, f"line {number}, column {c + 1}: {field!r} is not a number")
        if not math.isfinite(value):
            raise _refuse(source, f"line {number}, column {c + 1}: {field!r}; accepted: finite numbers only")
        if abs(value) > MAX_ABS:
            raise _refuse(source, f"line {number}, column {c + 1}: {field} is beyond ±{MAX_ABS:g}")
        row.append(value)
    return row


def read_points(path: str | Path) -> np.ndarray:
    """Points from a CSV file; ConfigError naming the file and what was wrong (nothing else changes)."""
    path = Path(path)
    source = path.name or str(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise _refuse(source, f"cannot be read ({e.strerror or e})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise _refuse(source, f"line {line}: not a CSV text file (bytes that are not UTF-8 text)") from None
    return parse_points(text, source)


# ----- the store -------------------------------------------------------------------------------
def store_dir() -> Path:
    """Where loaded points are kept: $GANVIZ_DATA_DIR, else the user's data directory."""
    env = os.environ.get("GANVIZ_DATA_DIR")
    if env:
        return Path(env)
    base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "ganviz" / "points"


def points_ref(points: np.ndarray) -> str:
    """The content name of a point array: the same points always get the same name."""
    arr = np.ascontiguousarray(points, dtype=np.float64)
    h = hashlib.sha256(f"{arr.shape}".encode())
    h.update(arr.tobytes())
    return REF_PREFIX + h.hexdigest()[:32]


def check_points(points, source: str = "target.data") -> np.ndarray:
    """The points as a (n, 1) or (n, 2) finite float64 array within the accepted size, else ConfigError."""
    arr = np.asarray(points, dtype=np.float64)
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2 or arr.shape[1] not in (1, 2):
        raise ConfigError(source, f"points of shape {arr.shape}; accepted: (n, 1) or (n, 2)")
    if not MIN_ROWS <= arr.shape[0] <= MAX_ROWS:
        raise ConfigError(source, f"{arr.shape[0]} points; accepted: {MIN_ROWS} to {MAX_ROWS:,}")
    if not np.isfinite(arr).all() or np.abs(arr).max() > MAX_ABS:
        raise ConfigError(source, f"points must be finite and within ±{MAX_ABS:g}")
    return arr


def store_points(points) -> str:
    """Keep the points in the store (once per content) and return their name for `target.data`."""
    arr = check_points(points)
    ref = points_ref(arr)
    path = _ref_path(ref)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.part.npy")
        np.save(tmp, arr)
        tmp.replace(path)  # atomic: a reader never sees half a file
    _remember(ref, _frozen(arr))
    return ref


def _ref_path(ref: str) -> Path:
    return store_dir() / f"{ref[len(REF_PREFIX):]}.npy"


def _frozen(arr: np.ndarray) -> np.ndarray:
    arr = np.array(arr, dtype=np.float64)
    arr.setflags(write=False)
    return arr


_CACHE: dict[str, np.ndarray] = {}
_CACHE_SIZE = 4  # point sets kept in memory (up to 16 MB each)


def _remember(ref: str, arr: np.ndarray) -> np.ndarray:
    _CACHE.pop(ref, None)
    _CACHE[ref] = arr
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    return arr


def load_points(ref: str) -> np.ndarray:
    """The points stored under `ref` (read-only, cached); ConfigError if the name is malformed or unknown."""
    if not isinstance(ref, str) or not ref.startswith(REF_PREFIX) or len(ref) != len(REF_PREFIX) + 32 \
            or any(c not in "0123456789abcdef" for c in ref[len(REF_PREFIX):]):
        raise ConfigError("target.data", f"must name stored points as sha256:<32 hex digits>, got {ref!r}")
    if ref in _CACHE:
        return _CACHE[ref]
    return _remember(ref, _load_file(ref))


def _load_file(ref: str) -> np.ndarray:
    path = _ref_path(ref)
    try:
        arr = np.load(path, allow_pickle=False)
    except (OSError, ValueError):
        raise ConfigError("target.data", f"no stored points named {ref} in {store_dir()}; load the data file "
                          "again (File → Load data…)") from None
    return _frozen(check_points(arr))


# ----- experiment files ------------------------------------------------------------------------
POINTS_MEMBER = "data/points"  # the array an experiment file carries for a point target


def points_arrays(config: Mapping) -> dict[str, np.ndarray]:
    """What an experiment file must hold to reopen this flat config without the original data file."""
    ref = config.get("target.data")
    return {POINTS_MEMBER: np.asarray(load_points(ref))} if ref else {}


def restore_points(arrays: Mapping) -> str | None:
    """Put the points an experiment file carries back in the store (call before validating its config)."""
    if POINTS_MEMBER not in arrays:
        return None
    return store_points(arrays[POINTS_MEMBER])
