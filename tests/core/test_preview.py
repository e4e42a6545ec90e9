"""The picture before the first step: the true density on the views' grid, drawn without torch."""

import subprocess
import sys

import numpy as np
import pytest
from scipy import stats

from ganviz.core.config import Config
from ganviz.core.presets import load_preset, preset_names
from ganviz.core.preview import preview_snapshot
from ganviz.core.targets import TARGETS, make_target

WITHOUT_TORCH = """
import sys

class NoTorch:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "torch":
            raise ImportError("torch is not available here")
        return None

sys.meta_path.insert(0, NoTorch())
import numpy as np
from ganviz.core.presets import load_preset, preset_names
from ganviz.core.preview import preview_snapshot
from ganviz.core.targets import TARGETS, make_target
for name in TARGETS:
    if name.startswith("samples") or TARGETS[name].image:  # images have no density
        continue
    t = make_target(name)
    x = np.random.default_rng(0).normal(size=(50, t.dim)) * t.std + t.mean
    assert np.isfinite(t.density(x)).all() or name == "dirac", name
for p in preset_names():
    preview_snapshot(load_preset(p))
print("ok")
"""


def test_every_targets_density_and_every_presets_preview_need_no_torch():
    proc = subprocess.run([sys.executable, "-c", WITHOUT_TORCH], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip() == "ok"


@pytest.mark.parametrize("name", [n for n in TARGETS if not n.startswith("samples") and not TARGETS[n].image])
def test_numpy_and_torch_give_one_density(name):
    import torch

    t = make_target(name)
    x = np.random.default_rng(1).normal(size=(200, t.dim)) * np.maximum(t.std, 0.5) * 2 + t.mean
    with np.errstate(divide="ignore"):
        np.testing.assert_allclose(t.log_prob(x), t.log_prob(torch.from_numpy(x)).numpy(), rtol=1e-12, atol=0)


def test_a_1d_preview_is_the_true_density_on_the_view_grid_and_nothing_generated():
    snap = preview_snapshot(load_preset("gaussian-1d"))
    target = make_target("gaussian")
    assert snap.kind == "1d" and snap.step == 0 and snap.samples.shape == (0, 1)
    assert snap.grid[0] == target.bounds[0][0] and snap.grid[-1] == target.bounds[0][1]
    mean, std = target.params["mean"], target.params["std"]
    np.testing.assert_allclose(snap.p_true, stats.norm(mean, std).pdf(snap.grid), rtol=1e-12)
    assert np.isnan(snap.p_gen).all() and np.isnan(snap.d).all() and np.isnan(snap.d_star).all()


def test_a_2d_preview_holds_the_rings_mass_inside_its_frame():
    snap = preview_snapshot(load_preset("ring-8"))
    x, y = snap.grid_x, snap.grid_y
    cell = (x[1] - x[0]) * (y[1] - y[0])
    assert snap.p_true.shape == (len(y), len(x))
    assert snap.p_true.sum() * cell == pytest.approx(1.0, abs=1e-3)  # all of the ring's mass is on the grid
    x0, x1, y0, y1 = snap.frame
    assert x[0] < x0 and x[-1] > x1 and y[0] < y0 and y[-1] > y1  # the grid reaches past the target's frame


def test_a_dirac_preview_is_the_starting_point():
    snap = preview_snapshot(Config(target="dirac").with_changes({"dirac.theta0": 1.5, "dirac.psi0": -0.5}))
    assert snap.kind == "dirac" and (snap.extra["theta"], snap.extra["psi"]) == (1.5, -0.5)


@pytest.mark.parametrize("preset", preset_names())
def test_every_preset_has_a_preview(preset):
    snap = preview_snapshot(load_preset(preset))
    assert snap.status == "starting" and snap.kind in ("1d", "2d", "dirac", "image")
    if snap.kind == "image":  # nothing generated yet, and no density to show
        assert snap.samples.shape == (0, 8, 8) and snap.p_true is None
