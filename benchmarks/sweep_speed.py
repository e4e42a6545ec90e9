"""Model-steps per second of a 64-cell sweep trained as one batched population vs the same 64 models one by one.

Both ways train the same 64 configs (lr_g × lr_d, 8 × 8, log-spaced 1e-4..1e-2) in the same
process, alternated round by round so that machine noise hits both alike; building the
players and measuring the metric are excluded from both. Prints medians and their ratio.

    python benchmarks/sweep_speed.py [--preset bimodal-1d] [--set hidden=64] [--steps 200] [--rounds 3] [--threads 1]

bimodal-1d is a 2×64 MLP GAN with batch 256; ring-8 is 2×128 with batch 256. Both ways use the
same number of torch threads.
"""

import argparse
import statistics
import time

import numpy as np
import torch

from ganviz.core.assemble import resolve_config
from ganviz.core.sweep import Population
from ganviz.core.sweep.plan import population_size
from ganviz.core.trainer import Trainer


def configs(preset: str, sets: tuple[str, ...] = ()) -> list:
    """The 64 cells of the benchmark grid (`sets` as `ganviz run --set` takes them)."""
    base = resolve_config(preset, None, list(sets), None).with_changes({"batch_size": 256})
    lrs = np.geomspace(1e-4, 1e-2, 8)
    return [base.with_changes({"lr_g": float(a), "lr_d": float(b)}) for b in lrs for a in lrs]


def batched_rate(cells: list, steps: int, size: int) -> float:
    """Model-steps per second of the training loops, `size` cells to a population (as the sweep cuts them)."""
    seconds = 0.0
    for start in range(0, len(cells), size):
        population = Population(cells[start:start + size])
        t0 = time.perf_counter()
        population.train(steps)
        seconds += time.perf_counter() - t0
    return len(cells) * steps / seconds


def one_by_one_rate(cells: list, steps: int) -> float:
    """Model-steps per second of training each cell's Trainer in turn (construction not counted)."""
    seconds = 0.0
    for cfg in cells:
        trainer = Trainer(cfg)
        t0 = time.perf_counter()
        trainer.train(steps)
        seconds += time.perf_counter() - t0
    return len(cells) * steps / seconds


def main() -> None:
    """Alternate the two ways for a few rounds and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="bimodal-1d")
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--size", type=int, help="cells per population (default: what the sweep uses)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="change the base config")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    cells = configs(args.preset, args.set)
    size = args.size or population_size(cells[0])
    batched, single = [], []
    for r in range(args.rounds):
        batched.append(batched_rate(cells, args.steps, size))
        single.append(one_by_one_rate(cells, args.steps))
        print(f"round {r + 1}: batched {batched[-1]:,.0f}, one by one {single[-1]:,.0f} model-steps/s", flush=True)
    b, s = statistics.median(batched), statistics.median(single)
    label = " ".join([args.preset, *args.set])
    print(f"{label}, 64 cells × {args.steps} steps, {args.threads} torch thread(s), {size} cells a population: "
          f"batched {b:,.0f} "
          f"model-steps/s, one by one {s:,.0f} model-steps/s, ratio {b / s:.2f} (goal ≥ 2)")


if __name__ == "__main__":
    main()
