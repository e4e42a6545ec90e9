"""Stability maps: sweep two settings over a grid, train every cell as one batched population, map a metric.

    result = run_sweep(base, parse_axis(base, "lr_g=1e-4..1e-1:8:log"),
                       parse_axis(base, "lr_d=1e-4..1e-1:8:log", "--y"), steps=500, metric="w1")
"""

from ganviz.core.sweep.axes import SYNTAX, Axis, make_axis, parse_axis, sweepable_keys
from ganviz.core.sweep.metrics import DESCRIPTIONS, check_metric, default_metric, metrics_for
from ganviz.core.sweep.plan import MAX_CELLS, run_chunk, why_one_by_one
from ganviz.core.sweep.population import Population
from ganviz.core.sweep.runner import EXECUTORS, SweepResult, cell_config, run_sweep

__all__ = ["SYNTAX", "Axis", "make_axis", "parse_axis", "sweepable_keys", "DESCRIPTIONS", "check_metric",
           "default_metric", "metrics_for", "MAX_CELLS", "run_chunk", "why_one_by_one", "Population",
           "EXECUTORS", "SweepResult", "cell_config", "run_sweep"]
