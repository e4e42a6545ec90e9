"""Cutting a sweep into chunks and running one chunk: batched when the cells allow it, else one by one.

A chunk is a plain dictionary (base config JSON, cell changes, steps, metric) and its result
depends on nothing else, so chunks can run here or on a Dask worker with identical numbers.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import torch

from ganviz.core.config import Config, from_json
from ganviz.core.opponents import opponent_for
from ganviz.core.sweep.metrics import final_metric
from ganviz.core.sweep.optim import KINDS
from ganviz.core.sweep.players import NotBatchable
from ganviz.core.sweep.population import Population
from ganviz.core.trainer import Trainer

MAX_CELLS = 64  # most cells in one batched population
# Most cells' activations (batch × width floats per layer) in one population. Measured on 2 cores with
# the heap kept (heap.py): 2×64 MLPs with batch 256 ran 1,891 model-steps/s 64 to a population and
# 1,681 16 to one; 2×128 ones 564 at 64 and 595 at 16 (benchmarks/sweep_speed.py, one thread).
ACTIVATION_BUDGET = 1 << 20

# Keys a population lets differ from cell to cell (besides target.NAME): they change numbers, not shapes.
PER_CELL = frozenset({"lr_g", "lr_d", "momentum", "beta1", "beta2", "clip", "reg_weight", "seed", "g_init_spread",
                      "kde_bandwidth", "log_every", "dirac.theta0", "dirac.psi0"})
# Every other key the population implements; keys added to Config later must stay at their defaults.
KNOWN = PER_CELL | frozenset({"target", "method", "discriminator", "loss", "regularizer", "update", "d_steps",
                              "g_steps", "optimizer_g", "optimizer_d", "batch_size", "latent", "latent_dim", "hidden_g",
                              "layers_g", "activation_g", "hidden_d", "layers_d", "activation_d", "d_input_scale",
                              "batchnorm", "init", "lr_halflife", "lr_warmup", "unroll_steps",
                              "pack", "mmd_bandwidths", "mmd_estimator"})
REGULARIZERS = ("none", "r1", "r2", "wgan-gp", "instance-noise")


def shape_key(config: Config) -> str:
    """What must be equal for cells to share a population: every setting but the per-cell ones."""
    d = config.to_dict()
    return json.dumps({k: v for k, v in d.items() if k not in PER_CELL and not k.startswith("target.")},
                      sort_keys=True)


def why_one_by_one(config: Config) -> str | None:
    """Why cells of this config cannot train as a batched population (None when they can)."""
    if not opponent_for(config).trains_d:
        return f"{config.method} with the {config.discriminator} discriminator is not batched"
    if config.regularizer not in REGULARIZERS:
        return f"regularizer {config.regularizer} is not batched"
    if config.batchnorm:
        return "batch norm is not batched"
    if config.optimizer_g not in KINDS or config.optimizer_d not in KINDS:
        return "that optimizer is not batched"
    defaults = Config().to_dict()
    for key, value in config.to_dict().items():
        if key not in KNOWN and not key.startswith("target.") and key in defaults and value != defaults[key]:
            return f"{key} = {value} is not batched"
    return None


@dataclass
class Chunk:
    """Cells run together: their grid positions and the config changes each makes to the base."""

    cells: list[tuple[int, int]]
    changes: list[dict]

    def spec(self, base_json: str, steps: int, metric: str) -> dict:
        """The self-contained job for run_chunk."""
        return {"base": base_json, "changes": self.changes, "steps": steps, "metric": metric}


def population_size(config: Config) -> int:
    """Cells per population for this shape: a power of two from 4 to MAX_CELLS within the activation budget."""
    if config.target == "dirac":
        return MAX_CELLS
    per_cell = config.batch_size * max(config.hidden_g, config.hidden_d, config.latent_dim)
    size = 1 << max(0, (ACTIVATION_BUDGET // per_cell).bit_length() - 1)
    return min(max(size, 4), MAX_CELLS)


def make_chunks(base: Config, cells: list[tuple[int, int, dict]], max_cells: int | None = None
                ) -> tuple[list[Chunk], list[Config]]:
    """Group cells of equal shape (first-seen order) and cut groups into chunks.

    A chunk holds at most max_cells cells (default: population_size of the group's config).
    """
    groups: dict[str, list[tuple[int, int, dict]]] = {}
    configs = []
    for iy, ix, change in cells:
        cfg = base.with_changes(change)  # ConfigError here names the key and its range
        configs.append(cfg)
        groups.setdefault(shape_key(cfg), []).append((iy, ix, change))
    chunks = []
    for members in groups.values():
        size = max_cells or population_size(base.with_changes(members[0][2]))
        for start in range(0, len(members), size):
            part = members[start:start + size]
            chunks.append(Chunk([(iy, ix) for iy, ix, _ in part], [c for _, _, c in part]))
    return chunks, configs


@contextmanager
def one_torch_thread():
    """Train on one torch thread inside the block: lone small models run slower on more (see `ganviz run`)."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def _train_alone(cfg: Config, steps: int, progress: Callable[[int], None] | None) -> Trainer:
    """One cell as a lone Trainer, stopping early if it diverges."""
    tr = Trainer(cfg)
    for _ in range(steps):
        if tr.train(1) == 0:
            break
        if progress:
            progress(1)
    if progress and tr.step_count < steps:
        progress(steps - tr.step_count)
    return tr


def run_chunk(spec: dict, progress: Callable[[int], None] | None = None) -> dict:
    """Train one chunk's cells for spec['steps'] and measure spec['metric'].

    Returns metric and diverged (one per cell, in the chunk's order) and how they ran
    ("batched" or "one by one", with the reason).
    """
    base = from_json(spec["base"])
    configs = [base.with_changes(c) for c in spec["changes"]]
    steps, metric = spec["steps"], spec["metric"]
    reason = why_one_by_one(configs[0])
    trainers = None
    if reason is None:
        try:
            population = Population(configs)
        except NotBatchable as e:
            reason = f"{e} is not batched"
        else:
            population.train(steps, progress)
            if progress and population.step_count < steps:
                progress((steps - population.step_count) * len(configs))  # every cell diverged early
            trainers = population.finish()
    if trainers is None:
        with one_torch_thread():
            trainers = [_train_alone(cfg, steps, progress) for cfg in configs]
    with one_torch_thread():  # torch's reductions split by thread count: the same bits on any worker
        values = [final_metric(tr, metric) for tr in trainers]
    return {"metric": np.array([v for v, _ in values]), "diverged": np.array([d for _, d in values]),
            "mode": "batched" if reason is None else f"one by one ({reason})"}
