"""A headless run: train for N steps, record histories, return the output fields."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from ganviz.core.config import Config
from ganviz.core.trainer import Trainer

HISTORY_FIELDS = ("loss_d", "loss_g", "value", "d_gap", "jsd", "kl", "w1", "mmd", "modes", "hq",
                  "theta", "psi", "radius", "grad_g", "grad_d", "classes", "class_max", "class_target", "fd", "nn")


def run(config: Config, steps: int, progress: Callable[[int], None] | None = None) -> dict:
    """Train `steps` iterations and return the output fields (see the README's `ganviz run`).

    `wall_s` counts the training iterations alone; measuring every `log_every` steps is
    counted in `total_s`.
    """
    started = time.perf_counter()
    trainer = Trainer(config)
    trainer.log()
    train_s = 0.0
    while trainer.step_count < steps and trainer.status == "ok":
        every = config.log_every
        chunk = min(every - trainer.step_count % every, steps - trainer.step_count)
        t0 = time.perf_counter()
        trainer.train(chunk)
        train_s += time.perf_counter() - t0
        if trainer.status != "ok" or trainer.step_count % every == 0 or trainer.step_count == steps:
            trainer.log()
        if progress:
            progress(trainer.step_count)
    return output_fields(trainer, train_s, time.perf_counter() - started)


def output_fields(trainer: Trainer, train_s: float, total_s: float) -> dict:
    """The output dictionary of a finished (or diverged) run."""
    out: dict = {
        "config": trainer.config.to_json(),
        "status": trainer.status,
        "diverged_step": -1 if trainer.diverged_step is None else trainer.diverged_step,
        "message": trainer.message,
        "steps": trainer.step_count,
        "wall_s": train_s,
        "total_s": total_s,
        "steps_per_s": trainer.step_count / train_s if train_s > 0 else 0.0,
    }
    hist = trainer.history
    out["hist_step"] = np.asarray(hist["step"], dtype=np.int64)
    for name in HISTORY_FIELDS:
        if name in hist:
            out[f"hist_{name}"] = np.asarray(hist[name], dtype=np.float64)
    out.update(trainer.snapshot().arrays())
    return out
