"""Mode collapse and its remedies on the ring, at the published length, beside the published rows.

ring-8-collapse (the plain GAN), ring-8-unrolled (k = 5) and ring-8-pacgan (PacGAN2) train over
report seeds the presets were not tuned on (1000–1004; tuning used seeds below 100) for 25,000
iterations, each preset's seeds as one batched population (the engine `ganviz claims` uses).
Modes covered and the high-quality share are counted on 2500 samples, 3 std from a mode (the
VEEGAN/PacGAN definition), every --every iterations. Prints mean ± std over the seeds at each
checkpoint, then the final table beside VEEGAN's and PacGAN's rows.

    python benchmarks/mode_collapse.py [--steps 25000] [--seeds 1000-1004] [--workers 2] [--every 2500]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

# (preset, method): each remedy is ring-8-collapse with one key changed (tests/core/test_lessons.py)
RUNS = (("ring-8-collapse", "GAN"), ("ring-8-unrolled", "unrolled GAN, k = 5"), ("ring-8-pacgan", "PacGAN2"))
# 2-D ring of 8 Gaussians: (source, modes, high-quality share) as printed in the papers
PUBLISHED = {
    "GAN": [("VEEGAN, Table 1", "1", "99.3 %"), ("PacGAN paper", "6.3 ± 0.5", "")],
    "unrolled GAN, k = 5": [("VEEGAN, Table 1", "7.6", "35.6 %")],
    "PacGAN2": [("PacGAN paper", "7.9", "")],
}


def _mean_std(values: list[float], scale: float = 1.0, unit: str = "") -> str:
    values = [scale * v for v in values]
    if not values:
        return "—"
    if len(values) == 1:
        return f"{values[0]:.1f}{unit}"
    return f"{statistics.fmean(values):.1f} ± {statistics.stdev(values):.1f}{unit}"


def settings_text(steps: int, seeds: list[int]) -> str:
    """What every run shares, read from the collapse preset itself."""
    from ganviz.core.presets import load_preset

    c = load_preset("ring-8-collapse")
    return (f"ring-8-collapse: target {c.target} {c.target_params}; "
            f"G {c.layers_g}×{c.hidden_g} {c.activation_g} from a {c.latent_dim}-d {c.latent} latent, "
            f"D {c.layers_d}×{c.hidden_d} {c.activation_d} reading x·{c.d_input_scale}; "
            f"{c.loss} loss; Adam lr_g {c.lr_g:g} lr_d {c.lr_d:g} β1 {c.beta1} β2 {c.beta2}; batch {c.batch_size}; "
            f"{steps} iterations of {c.d_steps} D + {c.g_steps} G step; seeds {seeds[0]}–{seeds[-1]}")


def main(argv: list[str] | None = None) -> int:
    """Train every preset over the seeds, print the tables; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=25000)
    parser.add_argument("--seeds", default="1000-1004")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--every", type=int, default=2500, help="iterations between measurements")
    args = parser.parse_args(argv)

    from tqdm import tqdm

    from ganviz.core.claims.runner import parse_seeds, run_group, run_in_processes
    from ganviz.core.presets import load_preset

    seeds = parse_seeds(args.seeds)
    specs = [{"config": load_preset(p).with_changes({"log_every": args.every}).to_json(), "seeds": seeds,
              "steps": args.steps} for p, _ in RUNS]
    started = time.perf_counter()
    with tqdm(total=len(RUNS) * len(seeds) * args.steps, unit=" model-steps", unit_scale=True, disable=None) as bar:
        if args.workers > 1:
            results = run_in_processes(specs, args.workers, bar.update)
        else:
            results = [run_group(spec, bar.update) for spec in specs]
    took = time.perf_counter() - started

    print(settings_text(args.steps, seeds))
    print(f"{len(seeds)} seeds; 2500 samples; high quality = within 3 std of the nearest mode; "
          f"{took:.0f} s with {args.workers} worker(s)\n")
    print("| iteration | " + " | ".join(f"{m}: modes | {m}: hq" for _, m in RUNS) + " |")
    print("|---" * (1 + 2 * len(RUNS)) + "|")
    for k, step in enumerate(results[0][0]["step"]):
        cells = []
        for histories in results:
            alive = [h for h in histories if k < len(h["modes"])]  # a diverged run's history ends early
            cells += [_mean_std([h["modes"][k] for h in alive]), _mean_std([h["hq"][k] for h in alive], 100, " %")]
        print(f"| {step} | " + " | ".join(cells) + " |")

    print("\n| method (source) | modes of 8 | high quality |")
    print("|---|---|---|")
    for (_, method), histories in zip(RUNS, results, strict=True):
        print(f"| {method} (ours, {args.steps} iterations) | {_mean_std([h['modes'][-1] for h in histories])} | "
              f"{_mean_std([h['hq'][-1] for h in histories], 100, ' %')} |")
        for source, modes, hq in PUBLISHED[method]:
            print(f"| {method} ({source}) | {modes} | {hq} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
