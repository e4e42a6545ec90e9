"""What the Game spectrum dock costs training: the app's steps/s on ring-8 with the dock shown (a spectrum
every N steps) against the dock hidden, in alternating rounds so that machine noise hits both alike.

Each round is a fresh window in a process of its own (offscreen, settings in a temporary folder):
it plays ring-8 for --warmup seconds, then counts the steps of the next --seconds. Prints each round,
the medians and their ratio, and how long the spectra took. Goal: the dock costs ≤ 20 % of the steps/s
at the default N (session.protocol.SPECTRUM_EVERY).

    python benchmarks/spectrum_cost.py [--rounds 3] [--seconds 60] [--warmup 10] [--every 2000 ...]
"""

from __future__ import annotations

import argparse
import statistics

from app_round import one_round  # this folder is on sys.path when a benchmark runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--warmup", type=float, default=10.0)
    parser.add_argument("--every", type=int, nargs="+", default=[2000])
    args = parser.parse_args()
    rates: dict[int, list[float]] = {0: [], **{n: [] for n in args.every}}
    spectra: dict[int, list[float]] = {n: [] for n in args.every}
    for r in range(args.rounds):
        for every in rates:
            got = one_round("spectrum" if every else "none", args.warmup, args.seconds, every)
            rates[every].append(got["steps_per_s"])
            spectra.get(every, []).extend(got["spectra"])
            label = "hidden" if every == 0 else f"every {every}"
            print(f"round {r + 1} {label:>11}: {got['steps_per_s']:6.1f} steps/s, spectra took "
                  f"{', '.join(f'{s:.1f}' for s in got['spectra']) or '-'} s", flush=True)
    base = statistics.median(rates[0])
    print(f"dock hidden: median {base:.1f} steps/s")
    for every in args.every:
        med = statistics.median(rates[every])
        took = spectra[every]
        print(f"every {every}: median {med:.1f} steps/s = {med / base:.2f}× hidden (cost {1 - med / base:.0%}); "
              f"{len(took)} spectra, median {statistics.median(took) if took else float('nan'):.1f} s each")


if __name__ == "__main__":
    main()
