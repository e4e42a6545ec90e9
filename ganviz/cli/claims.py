"""`ganviz claims`: run what the presets and lessons promise over seeds they were not tuned on, and tabulate it."""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

from ganviz.cli.cores import usable_cores
from ganviz.core.errors import ConfigError

EPILOG = """\
Every preset and lesson step that promises a behaviour carries claims in its JSON (see the README's
"Claims"). Each claim is judged on one run per seed, trained from step 0; claims on one config share
their runs. A claim keeps its promise when it holds on at least 9 of 10 seeds.
output (--out FILE.json): a list with one entry per claim: claim (its id), preset, lesson (or null),
  text, measures, seeds, holds (one true/false per seed), rate (their mean), figure (per seed).
"""


def add_parser(sub) -> argparse.ArgumentParser:
    """Register the `claims` subcommand on the subparsers `sub`."""
    p = sub.add_parser("claims", help="check every claim of the presets and lessons over unseen seeds",
                       formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EPILOG)
    p.add_argument("--seeds", default="1000-1009", metavar="1000-1009 | 3,5,8",
                   help="the seeds: a range (both ends included) or a list (default 1000-1009)")
    p.add_argument("--only", nargs="+", action="extend", metavar="NAME",
                   help="only these: a preset, a lesson (09-mode-collapse) or a claim id (bimodal-1d.converges)")
    p.add_argument("--out", type=Path, metavar="FILE.json", help="write the results here")
    p.add_argument("--list", action="store_true", help="list the claims and what they measure, without running")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="local worker processes (default: the cores this process may use)")
    p.add_argument("--executor", default="local", help="local (default) or dask")
    p.add_argument("--scheduler", metavar="ADDRESS", help="with --executor dask: the scheduler, e.g. tcp://host:8786")
    return p


def cmd(args) -> int:
    """Run (or list) the claims described by parsed `args`; ConfigError on bad input."""
    from ganviz.core.claims.catalog import all_claims, select
    from ganviz.core.claims.runner import parse_seeds, plan, run_claims

    seeds = parse_seeds(args.seeds)
    if args.out is not None and args.out.suffix != ".json":
        raise ConfigError("--out", f"must end in .json, got {args.out}")
    workers = usable_cores() if args.workers is None else args.workers
    if not 1 <= workers <= 64:
        raise ConfigError("--workers", f"must be a whole number from 1 to 64, got {workers}")
    refs = select(all_claims(), args.only)
    if args.list:
        for ref in refs:
            print(f"{ref.id:<44} {ref.claim.describe()}\n{'':<44} {ref.claim.text}")
        return 0
    from tqdm import tqdm

    total = sum(g.steps * len(seeds) for g in plan(refs))
    with tqdm(total=total, unit=" model-steps", unit_scale=True, disable=None, desc="claims", leave=False) as bar:
        entries, wall_s = run_claims(refs, seeds, bar.update, args.executor, args.scheduler, workers)
    if args.out is not None:
        try:
            args.out.write_text(json.dumps(entries, indent=1) + "\n")
        except OSError as e:
            raise ConfigError("--out", f"cannot write {args.out}: {e.strerror}") from None
    print(table(entries))
    kept = sum(e["rate"] >= 0.9 for e in entries)
    print(f"{kept} of {len(entries)} claims hold on ≥ 90% of seeds {args.seeds} ({len(seeds)} seeds, "
          f"{wall_s:.0f} s, {workers} worker{'s' if workers > 1 else ''})")
    return 0


def table(entries: list[dict]) -> str:
    """The results as a text table: claim, holds in k of n, median figure, what is measured."""
    rows = [("claim", "holds", "median", "measures")]
    for e in entries:
        figures = [f for f in e["figure"] if f is not None]
        median = _median(figures)
        rows.append((e["claim"], f"{sum(e['holds'])} of {len(e['holds'])}",
                     "—" if math.isnan(median) else f"{median:.3g}", e["measures"]))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    return "\n".join(f"{r[0]:<{widths[0]}}  {r[1]:>{widths[1]}}  {r[2]:>{widths[2]}}  {r[3]}" for r in rows)


def _median(values: list[float]) -> float:
    if not values:
        return math.nan
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else 0.5 * (s[mid - 1] + s[mid])
