"""`ganviz sweep`: a stability map from the command line (two keys over a grid, one metric per cell)."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import numpy as np

from ganviz.cli.cores import usable_cores
from ganviz.cli.settings_flags import add_settings_flags
from ganviz.core.errors import ConfigError

EPILOG = """\
axes: KEY=LO..HI:N[:log], e.g. --x lr_g=1e-4..1e-1:8:log --y lr_d=1e-4..1e-1:8:log
  N values from LO to HI, evenly spaced (on a log scale with :log, which needs LO > 0); integer keys
  are rounded. Any number-valued config key can be swept; cells whose networks differ in shape
  (hidden, layers, batch_size, latent_dim) train in separate populations.
metrics: w1, jsd, kl, mmd (all targets but dirac), modes and hq (mixture targets), radius and w1 (dirac).
output (.npz): x_key, x_values (nx,), y_key, y_values (ny,), metric_name, metric (ny, nx; NaN where
  diverged), diverged (ny, nx, bool), config (the base config as JSON).
"""


def add_parser(sub) -> argparse.ArgumentParser:
    """Register the `sweep` subcommand on the subparsers `sub`."""
    p = sub.add_parser("sweep", help="stability map: train a grid of two settings at once and map a metric",
                       formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EPILOG)
    add_settings_flags(p, set_help="change one config key of the base (repeatable)",
                       seed_help="random seed of every cell (same as --set seed=S)")
    p.add_argument("--x", required=True, metavar="KEY=LO..HI:N[:log]", help="the key along the columns")
    p.add_argument("--y", required=True, metavar="KEY=LO..HI:N[:log]", help="the key along the rows")
    p.add_argument("--steps", type=int, required=True, help="training iterations of every cell (≥ 1)")
    p.add_argument("--metric", help="final metric to map (default: radius for dirac-gan, else w1)")
    p.add_argument("--out", type=Path, metavar="FILE.npz", help="write the map here")
    p.add_argument("--executor", default="local", help="local (default) or dask")
    p.add_argument("--scheduler", metavar="ADDRESS", help="with --executor dask: the scheduler, e.g. tcp://host:8786")
    p.add_argument("--chunk", type=int, default=None, metavar="CELLS",
                   help="cells per batched population (default: 64 for 2×64 MLPs with batch 256, 32 for 2×128, "
                   "64 for dirac-gan; smaller spreads wider on a cluster)")
    p.add_argument("--threads", type=int, default=None,
                   help="torch threads of the batched populations (default: every core this process may use; "
                   "cells that cannot be batched train on one thread, where small models are fastest)")
    return p


def cmd(args) -> int:
    """Run the sweep described by parsed `args`; ConfigError on bad input."""
    from ganviz.core.assemble import resolve_config
    from ganviz.core.sweep import default_metric, parse_axis, run_sweep

    if args.out is not None and args.out.suffix != ".npz":
        raise ConfigError("--out", f"must end in .npz, got {args.out}")
    if args.threads is None:
        args.threads = usable_cores()
    if args.threads < 1:
        raise ConfigError("--threads", f"must be a whole number ≥ 1, got {args.threads}")
    if args.chunk is not None and args.chunk < 1:
        raise ConfigError("--chunk", f"must be a whole number ≥ 1, got {args.chunk}")
    base = resolve_config(args.preset, args.config, args.set, args.seed)
    x, y = parse_axis(base, args.x, "--x"), parse_axis(base, args.y, "--y")
    metric = args.metric or default_metric(base)

    import torch
    from tqdm import tqdm

    torch.set_num_threads(args.threads)
    with tqdm(total=x.n * y.n * args.steps, unit=" model-steps", unit_scale=True, disable=None,
              desc=f"{x.key} × {y.key}", leave=False) as bar:
        result = run_sweep(base, x, y, args.steps, metric, args.executor, args.scheduler, bar.update, args.chunk)
    if args.out is not None:
        try:
            np.savez_compressed(args.out, **{k: np.asarray(v) for k, v in result.fields().items()})
        except OSError as e:
            raise ConfigError("--out", f"cannot write {args.out}: {e.strerror}") from None
    _summary(result, x.n * y.n)
    return 0


def _summary(result, cells: int) -> None:
    model_steps = cells * result.steps
    print(f"swept {result.y_key} × {result.x_key}: {cells} cells × {result.steps} steps in {result.wall_s:.1f} s "
          f"({model_steps / max(result.wall_s, 1e-9):,.0f} model-steps/s)")
    for mode, count in result.modes.items():
        print(f"  {count} cells {mode}")
    m, div = result.metric, result.diverged
    finite = np.isfinite(m)
    line = f"{result.metric_name}: {int(div.sum())} of {cells} cells diverged"
    if finite.any():
        best = np.unravel_index(np.nanargmin(np.where(finite, m, math.inf)), m.shape)
        line += (f"; lowest {m[best]:.4g} at {result.x_key}={result.x_values[best[1]]:g}, "
                 f"{result.y_key}={result.y_values[best[0]]:g}")
    print(line)
