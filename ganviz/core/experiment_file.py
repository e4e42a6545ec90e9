"""Experiment files: a run's complete state on disk, written atomically and read without running code.

The format is a plain .npz (a zip of .npy arrays) whose member `header` holds JSON text: the
format name and version, the config, the step, status and numpy RNG states, and the layout of
the arrays. We chose npz over torch.save because numpy reads it with allow_pickle=False, so a
file can hold only arrays and text, never code, and it opens without torch (the GUI process
reads it to check it before the trainer process loads it), like `ganviz run --out`.
Older config-only JSON experiments (`{"format": 1, "config": {...}}`) still open, as settings.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ganviz.core import data_file
from ganviz.core.config import Config, from_dict
from ganviz.core.errors import ConfigError
from ganviz.core.presets import read_config_file

FORMAT = "ganviz-experiment"
VERSION = 1  # the newest format this ganviz writes and reads
HEADER = "header"
ZIP_MAGIC = b"PK\x03\x04"
MAX_UNPACKED_BYTES = 1 << 30
REQUIRED = {"format": str, "version": int, "config": dict, "step": int, "status": str}


@dataclass
class State:
    """A captured run: JSON-able facts in `header`, tensors as named numpy arrays."""

    header: dict
    arrays: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def step(self) -> int:
        """The step the run was captured at."""
        return int(self.header["step"])

    def histories(self) -> dict[str, np.ndarray]:
        """The history series held, by name (empty when captured without them)."""
        return {k.split("/", 1)[1]: v for k, v in self.arrays.items() if k.startswith("history/")}

    def changes(self) -> list[dict]:
        """The live setting changes saved with the run ({step, key, old, new}, oldest first; none in older files)."""
        changes = self.header.get("changes", [])
        return changes if isinstance(changes, list) else []

    def with_histories(self, series: dict[str, np.ndarray], changes: list[dict] | None = None) -> State:
        """A copy whose histories are `series` (the app keeps its histories in the GUI process) and, when
        given, whose live setting changes are `changes` (the marks on the history plots)."""
        arrays = {k: v for k, v in self.arrays.items() if not k.startswith("history/")}
        arrays.update({f"history/{k}": np.asarray(v) for k, v in series.items()})
        header = {**self.header, "history": sorted(series)}
        if changes is not None:
            header["changes"] = list(changes)
        header.pop("history_len", None)
        return State(header, arrays)


@dataclass(frozen=True)
class Experiment:
    """What an opened file holds: always the config; the full state unless it was a settings-only JSON file."""

    config: Config
    state: State | None


# ----- bytes -------------------------------------------------------------------------------------
def to_bytes(state: State) -> bytes:
    """The .npz bytes of a state."""
    buffer = io.BytesIO()
    header = {**state.header, "format": FORMAT, "version": VERSION}
    np.savez(buffer, **{HEADER: np.array(json.dumps(header))}, **state.arrays)
    return buffer.getvalue()


def from_bytes(data: bytes, source: str = "experiment") -> State:
    """Parse .npz bytes; ConfigError under `source` if they are not a complete experiment of a known version."""
    if not data.startswith(ZIP_MAGIC):
        raise ConfigError(source, "not a ganviz experiment (an experiment is an .npz archive)")
    damaged = (zipfile.BadZipFile, EOFError, OSError, KeyError, ValueError, NotImplementedError, RuntimeError,
               zlib.error)  # (also an unknown compression method, an encrypted member, a corrupt stream)
    try:
        unpacked = sum(member.file_size for member in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except damaged as e:
        raise _damaged(source, e) from None
    if unpacked > MAX_UNPACKED_BYTES:  # a few MB is usual; a zip bomb would fill the memory first
        raise ConfigError(source, f"the archive would unpack to {unpacked / 2**20:,.0f} MiB; an experiment "
                                  f"holds at most {MAX_UNPACKED_BYTES / 2**20:,.0f} MiB")
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}  # read everything now: a damaged member fails here
    except damaged as e:
        raise _damaged(source, e) from None
    header = _header(arrays.pop(HEADER, None), source)
    return State(header, arrays)


def _damaged(source: str, e: Exception) -> ConfigError:
    return ConfigError(source, f"the file is truncated or damaged ({type(e).__name__}: {e})")


def _header(raw, source: str) -> dict:
    if raw is None or raw.dtype.kind != "U" or raw.shape != ():
        raise ConfigError(source, "not a ganviz experiment (the archive has no experiment header)")
    try:
        header = json.loads(str(raw))
    except json.JSONDecodeError as e:
        raise ConfigError(source, f"the experiment header is not valid JSON ({e.msg})") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ConfigError(source, f"not a ganviz experiment (the header's format is not {FORMAT!r})")
    version = header.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ConfigError(source, f"unknown experiment format version {version!r}; this ganviz reads 1 to {VERSION}")
    if version > VERSION:
        raise ConfigError(source, f"written by a newer ganviz (format version {version}); this one reads "
                                  f"versions up to {VERSION}: update ganviz to open it")
    for key, kind in REQUIRED.items():
        if not isinstance(header.get(key), kind):
            raise ConfigError(source, f"the experiment header lacks {key!r} ({kind.__name__})")
    return header


# ----- files -------------------------------------------------------------------------------------
def write_atomic(path: Path, data: bytes) -> None:
    """Write beside as PATH.part, flush to disk, then rename over PATH: a crash leaves the old file whole."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    try:  # make the rename itself durable
        fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def save(path: Path, state: State) -> None:
    """Write a state as an experiment file, atomically (with the points of a drawn or loaded target)."""
    points = data_file.points_arrays(state.header.get("config", {}))
    write_atomic(path, to_bytes(State(state.header, {**state.arrays, **points})))


def save_settings(path: Path, config: Config) -> None:
    """Write the settings alone as a JSON experiment (the older, config-only kind), atomically."""
    text = json.dumps({"format": 1, "config": config.to_dict()}, indent=1)
    write_atomic(path, text.encode())


def read(path: Path, key: str = "file") -> Experiment:
    """Open an experiment file: an .npz state or a JSON config; ConfigError under `key` saying what is wrong."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            start = f.read(len(ZIP_MAGIC))
    except OSError as e:
        raise ConfigError(key, f"cannot read {path}: {e.strerror}") from None
    if not start.startswith(ZIP_MAGIC):
        if path.suffix == ".npz":
            raise ConfigError(key, f"{path} is not a ganviz experiment (not an .npz archive)")
        return Experiment(from_dict(read_config_file(path, key)), None)  # settings only
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ConfigError(key, f"cannot read {path}: {e.strerror}") from None
    try:
        state = from_bytes(data, key)
    except ConfigError as e:
        raise ConfigError(key, f"{path}: {e.message}") from None
    try:
        data_file.restore_points(state.arrays)  # the target's points travel in the file, not the config
        config = from_dict(state.header["config"])
    except ConfigError as e:
        raise ConfigError(key, f"{path} holds a config that is refused: {e}") from None
    return Experiment(config, state)
