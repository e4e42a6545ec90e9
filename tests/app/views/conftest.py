"""Real snapshots and histories for the view tests, trained briefly once per test process."""

import numpy as np
import pytest

from ganviz.core.presets import load_preset
from ganviz.core.trainer import Trainer


def _trained(preset: str, steps: int, logs: int = 0) -> Trainer:
    tr = Trainer(load_preset(preset).with_changes({"hidden": 32}))
    tr.train(steps)
    for _ in range(logs):
        tr.train(10)
        tr.log()
    return tr


@pytest.fixture(scope="session")
def bimodal():
    """Two snapshots of the 1-D GAN, some steps apart, and its history."""
    tr = _trained("bimodal-1d", 40, logs=3)
    first = tr.snapshot()
    tr.train(40)
    return first, tr.snapshot(), {k: np.asarray(v, float) for k, v in tr.history.items()}


@pytest.fixture(scope="session")
def gmn():
    """A 1-D snapshot in GMN mode (witness set)."""
    return _trained("bimodal-1d-gmn", 30).snapshot()


@pytest.fixture(scope="session")
def ring():
    """Two snapshots of the 2-D ring, some steps apart."""
    tr = _trained("ring-8", 30)
    first = tr.snapshot()
    tr.train(30)
    return first, tr.snapshot()


@pytest.fixture(scope="session")
def ring_view():
    """A snapshot of the 2-D ring as the app gets it: on the view grid, which reaches beyond the target."""
    tr = _trained("ring-8", 30)
    return tr.snapshot(view=True)


@pytest.fixture(scope="session")
def dirac():
    """A Dirac-GAN snapshot and its history."""
    tr = _trained("dirac-gan", 10, logs=5)
    return tr.snapshot(), {k: np.asarray(v, float) for k, v in tr.history.items()}
