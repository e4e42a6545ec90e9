"""W1 / target std after 5000 steps for the presets the core issue names, over several seeds.

    python benchmarks/convergence.py [--seeds 0 1 2] [--steps 5000]
"""

import argparse
import time

import numpy as np
import torch

from ganviz.core.presets import load_preset
from ganviz.core.run import run
from ganviz.core.targets import make_target

PRESETS = ("gaussian-1d", "bimodal-1d-oracle", "bimodal-1d-gmn", "bimodal-1d-oracle-narrow")


def main() -> None:
    """Print one line per preset and seed, then the mean."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--steps", type=int, default=5000)
    args = ap.parse_args()
    torch.set_num_threads(1)
    for preset in PRESETS:
        ratios = []
        for seed in args.seeds:
            cfg = load_preset(preset).with_changes({"seed": seed, "log_every": 1000})
            std = float(make_target(cfg.target, cfg.target_params).std[0])
            t0 = time.perf_counter()
            out = run(cfg, args.steps)
            ratios.append(out["hist_w1"][-1] / std)
            print(f"{preset:26s} seed {seed}: W1/std {ratios[-1]:.3f} in {time.perf_counter() - t0:.1f} s",
                  flush=True)
        print(f"{preset:26s} mean W1/std {np.mean(ratios):.3f} (min {np.min(ratios):.3f}, max {np.max(ratios):.3f})")


if __name__ == "__main__":
    main()
