"""What the Inside the networks page costs: the app's training steps/s and frames/s on ring-8 with the page
shown (the pictures of 8 units a layer, twice a second) against hidden, in alternating rounds so that machine
noise hits both alike.

Each round is a fresh window in a process of its own (offscreen, 1280×800, settings in a temporary folder):
it plays ring-8 for --warmup seconds, then counts the steps and frames of the next --seconds, and the frames
that carried the pictures. Prints each round, the medians and their ratios.

    python benchmarks/networks_cost.py [--rounds 3] [--seconds 30] [--warmup 8]
"""

from __future__ import annotations

import argparse
import statistics

from app_round import one_round  # this folder is on sys.path when a benchmark runs

SIZE = "1280x800"  # the window the README's figures were measured in


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--warmup", type=float, default=8.0)
    args = parser.parse_args()
    got: dict[bool, list[dict]] = {False: [], True: []}
    for r in range(args.rounds):
        for shown in (False, True):
            row = one_round("networks" if shown else "none", args.warmup, args.seconds, size=SIZE)
            got[shown].append(row)
            print(f"round {r + 1} {'shown' if shown else 'hidden':>6}: {row['steps_per_s']:6.1f} steps/s, "
                  f"{row['fps']:5.1f} fps, {row['pictures_per_s']:4.2f} pictures/s", flush=True)
    med = {shown: {k: statistics.median(r[k] for r in rows) for k in rows[0]} for shown, rows in got.items()}
    print(f"hidden: median {med[False]['steps_per_s']:.1f} steps/s, {med[False]['fps']:.1f} fps")
    ratio = med[True]["steps_per_s"] / med[False]["steps_per_s"]
    print(f"shown:  median {med[True]['steps_per_s']:.1f} steps/s ({ratio:.2f}×), {med[True]['fps']:.1f} fps, "
          f"{med[True]['pictures_per_s']:.2f} pictures/s")


if __name__ == "__main__":
    main()
