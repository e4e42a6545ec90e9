"""Sweep lr_g × lr_d on a preset and save the stability map as assets/screenshots/stability_map.png (offscreen).

    python scripts/sweep_screenshot.py --set optimizer_g=sgd --set optimizer_d=sgd --lo 1e-3 --hi 10 --n 7 --steps 600
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import torch  # noqa: E402
from pyqtgraph.Qt import QtWidgets  # noqa: E402

from ganviz.app.views.stability_map import StabilityMap  # noqa: E402
from ganviz.core.assemble import resolve_config  # noqa: E402
from ganviz.core.sweep import default_metric, make_axis, run_sweep  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "assets" / "screenshots" / "stability_map.png"
SIZE = (1000, 720)


def main() -> None:
    """Run the sweep, draw the map, click one cell (to show the outline) and save the PNG."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="gaussian-1d")
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--n", type=int, default=8, help="values per axis")
    parser.add_argument("--lo", type=float, default=1e-5)
    parser.add_argument("--hi", type=float, default=1.0)
    parser.add_argument("--metric")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="change the base config")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    torch.set_num_threads(1)
    base = resolve_config(args.preset, None, args.set, None)
    x = make_axis(base, "lr_g", args.lo, args.hi, args.n, True)
    y = make_axis(base, "lr_d", args.lo, args.hi, args.n, True)
    result = run_sweep(base, x, y, args.steps, args.metric or default_metric(base))
    print(f"{args.preset}: {args.n}×{args.n} cells × {args.steps} steps in {result.wall_s:.0f} s; "
          f"{int(result.diverged.sum())} diverged; {result.modes}", file=sys.stderr)
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    view = StabilityMap()
    view.resize(*SIZE)
    view.show()
    fields = result.fields()
    view.update({**fields, "x_log": True, "y_log": True})
    if fields["metric_name"] == "w1":
        changed = ", ".join(args.set)
        view.plot.setTitle(f"{args.preset}{' (' + changed + ')' if changed else ''}: W₁ after {args.steps} steps")
    app.processEvents()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    view.grab().save(str(args.out))
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
