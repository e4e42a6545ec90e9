"""Chunks spread over a Dask cluster give the same maps as the local run."""

import numpy as np
import pytest

from ganviz.core.errors import ConfigError
from ganviz.core.presets import load_preset
from ganviz.core.sweep import make_axis, run_sweep

distributed = pytest.importorskip("distributed")


def test_dask_cluster_gives_the_local_maps():
    base = load_preset("dirac-gan")
    x, y = make_axis(base, "lr_g", 0.05, 0.5, 3, True), make_axis(base, "lr_d", 0.05, 0.5, 4, True)
    local = run_sweep(base, x, y, 50, "radius", max_cells=4)
    seen = []
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        remote = run_sweep(base, x, y, 50, "radius", executor="dask", scheduler=cluster.scheduler_address,
                           progress=seen.append, max_cells=4)
    np.testing.assert_array_equal(remote.metric, local.metric)
    np.testing.assert_array_equal(remote.diverged, local.diverged)
    assert sorted(seen) == [200, 200, 200]  # three chunks of four cells, 50 steps each


def test_dask_needs_a_scheduler_address():
    base = load_preset("dirac-gan")
    x, y = make_axis(base, "lr_g", 0.1, 0.1, 1), make_axis(base, "lr_d", 0.1, 0.1, 1)
    with pytest.raises(ConfigError, match="--scheduler"):
        run_sweep(base, x, y, 5, "radius", executor="dask")
