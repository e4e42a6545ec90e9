"""A whole sweep: cells of a two-key grid, chunked, run here or on a Dask cluster, assembled into maps."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ganviz.core.config import Config, from_json
from ganviz.core.errors import ConfigError
from ganviz.core.sweep.axes import Axis
from ganviz.core.sweep.metrics import check_metric
from ganviz.core.sweep.plan import make_chunks, run_chunk

EXECUTORS = ("local", "dask")
CONNECT_TIMEOUT_S = 10


@dataclass
class SweepResult:
    """The maps of a sweep (rows along y, columns along x) and how its cells ran."""

    x_key: str
    x_values: np.ndarray
    y_key: str
    y_values: np.ndarray
    metric_name: str
    metric: np.ndarray
    diverged: np.ndarray
    config: str
    modes: dict[str, int] = field(default_factory=dict)  # how cells ran ("batched", "one by one (why)") → count
    wall_s: float = 0.0
    steps: int = 0

    def fields(self) -> dict:
        """Exactly the output file's fields."""
        return {"x_key": self.x_key, "x_values": self.x_values, "y_key": self.y_key, "y_values": self.y_values,
                "metric_name": self.metric_name, "metric": self.metric, "diverged": self.diverged,
                "config": self.config}

    def cell_config(self, iy: int, ix: int) -> Config:
        """The full config of one cell (the base with that cell's two values)."""
        return cell_config(self.fields(), iy, ix)


def cell_config(fields: dict, iy: int, ix: int) -> Config:
    """The config of cell (row iy, column ix) of a sweep's output fields (as saved in the .npz)."""
    return from_json(str(fields["config"])).with_changes(
        cell_changes(str(fields["x_key"]), np.asarray(fields["x_values"])[ix],
                     str(fields["y_key"]), np.asarray(fields["y_values"])[iy]))


def _plain(value):
    return value.item() if isinstance(value, np.generic) else value


def cell_changes(x_key: str, x_value, y_key: str, y_value) -> dict:
    """The config changes of one cell."""
    return {y_key: _plain(y_value), x_key: _plain(x_value)}


def plan_cells(x: Axis, y: Axis) -> list[tuple[int, int, dict]]:
    """(row, column, changes) of every cell, row by row."""
    return [(iy, ix, cell_changes(x.key, xv, y.key, yv))
            for iy, yv in enumerate(y.values) for ix, xv in enumerate(x.values)]


def run_sweep(base: Config, x: Axis, y: Axis, steps: int, metric: str, executor: str = "local",
              scheduler: str | None = None, progress: Callable[[int], None] | None = None,
              max_cells: int | None = None) -> SweepResult:
    """Train every cell `steps` iterations and map `metric`; progress(model_steps) is called as cells advance.

    Cells of equal network shape train together, max_cells at a time (default: plan.population_size).

    Raises ConfigError for bad input (same key twice, steps < 1, an unknown metric or executor,
    a cell outside a key's range, an unreachable scheduler).
    """
    if x.key == y.key:
        raise ConfigError("--y", f"the two axes must sweep different keys, both are {x.key}")
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
        raise ConfigError("--steps", f"must be a whole number ≥ 1, got {steps!r}")
    check_metric(base, metric)
    if executor not in EXECUTORS:
        raise ConfigError("--executor", f"unknown executor {executor!r}; accepted: {', '.join(EXECUTORS)}")
    started = time.perf_counter()
    chunks, _ = make_chunks(base, plan_cells(x, y), max_cells)
    specs = [c.spec(base.to_json(), steps, metric) for c in chunks]
    if executor == "dask":
        results = run_on_dask(run_chunk, specs, scheduler, progress,
                              cost=lambda spec: len(spec["changes"]) * spec["steps"], tag="sweep")
    else:
        results = [run_chunk(spec, progress) for spec in specs]
    shape = (y.n, x.n)
    values, diverged = np.full(shape, np.nan), np.zeros(shape, dtype=bool)
    modes: dict[str, int] = {}
    for chunk, res in zip(chunks, results, strict=True):
        for (iy, ix), v, d in zip(chunk.cells, res["metric"], res["diverged"], strict=True):
            values[iy, ix], diverged[iy, ix] = v, d
        modes[res["mode"]] = modes.get(res["mode"], 0) + len(chunk.cells)
    return SweepResult(x.key, x.values, y.key, y.values, metric, values, diverged, base.to_json(), modes,
                       time.perf_counter() - started, steps)


def run_on_dask(func: Callable[[dict], object], specs: list[dict], scheduler: str | None, progress,
                cost: Callable[[dict], int], tag: str) -> list:
    """func(spec) for every spec on an existing Dask cluster; results come back in the specs' order.

    progress(cost(spec)) is called as each finishes; ConfigError when Dask is missing or unreachable.
    """
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise ConfigError("--executor", "dask needs the optional extra: pip install 'ganviz[dask]'") from None
    if not scheduler:
        raise ConfigError("--scheduler", "--executor dask needs the scheduler's address, e.g. tcp://host:8786")
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError, ValueError) as e:
        raise ConfigError("--scheduler", f"cannot reach a Dask scheduler at {scheduler!r}: {e}") from None
    run_tag = uuid.uuid4().hex[:8]
    with client:
        futures = [client.submit(func, spec, key=f"ganviz-{tag}-{run_tag}-{i}", pure=False)
                   for i, spec in enumerate(specs)]
        order = {f.key: i for i, f in enumerate(futures)}
        results: list = [None] * len(specs)
        for future in as_completed(futures):
            i = order[future.key]
            results[i] = future.result()
            if progress:
                progress(cost(specs[i]))
    return results
