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


def test_worker_processes_train_network_cells_exactly_as_the_local_command(tmp_path):
    """`ganviz sweep --executor dask` against separate worker processes: float32 networks, same bits."""
    import torch

    from ganviz.cli.main import main

    threads = torch.get_num_threads()  # the command sets torch's thread count; later tests get theirs back
    axes = ["--preset", "bimodal-1d", "--set", "hidden=8", "--x", "lr_g=1e-4..1e-2:2:log",
            "--y", "lr_d=1e-4..1e-2:2:log", "--steps", "30", "--metric", "w1"]
    assert main(["sweep", *axes, "--out", str(tmp_path / "local.npz")]) == 0
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        assert main(["sweep", *axes, "--executor", "dask", "--scheduler", cluster.scheduler_address,
                     "--out", str(tmp_path / "dask.npz")]) == 0
    torch.set_num_threads(threads)
    local, remote = np.load(tmp_path / "local.npz"), np.load(tmp_path / "dask.npz")
    assert np.isfinite(local["metric"]).all() and local["metric"].shape == (2, 2)
    np.testing.assert_array_equal(remote["metric"], local["metric"])
    np.testing.assert_array_equal(remote["diverged"], local["diverged"])
