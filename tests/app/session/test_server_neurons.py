"""The ("neurons", units) command: the frames carry both players' hidden units as pictures, the same as the
core draws them from a headless run at the same step, and stop carrying them when told 0."""

import time

import numpy as np
import pytest

from ganviz.app.session.protocol import Frame
from ganviz.core.neurons import players_maps
from ganviz.core.presets import load_preset
from ganviz.core.trainer import Trainer
from tests.app.session.test_server import Harness


def _with_maps(h, timeout=60.0) -> Frame:
    """The next frame that carries the networks' pictures."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        frame = h.next(Frame, timeout=timeout)
        if frame.neurons is not None:
            return frame
    raise AssertionError(f"no frame with the networks' pictures within {timeout} s")


def _same(drawn, expected):
    assert set(drawn) == set(expected)
    for player, maps in expected.items():
        got = drawn[player]
        np.testing.assert_allclose(got.output, maps.output, rtol=1e-5, atol=1e-6)
        for a, b in zip(got.layers, maps.layers, strict=True):
            assert a.units.tolist() == b.units.tolist()
            np.testing.assert_allclose(a.activations, b.activations, rtol=1e-5, atol=1e-6)
            np.testing.assert_allclose(a.weights, b.weights, rtol=1e-6, atol=1e-7)


@pytest.fixture
def h():
    harness = Harness()
    yield harness
    harness.close()


def test_frames_carry_the_players_units_as_the_core_draws_them_then_none(h):
    h.next()
    h.send("neurons", 4)
    frame = _with_maps(h)
    headless = Trainer(load_preset("bimodal-1d").with_changes({"hidden": 16}))
    assert frame.step == 0 and frame.neurons_missing == {}
    _same(frame.neurons, players_maps(headless, 4)[0])
    assert [layer.activations.shape[0] for layer in frame.neurons["D"].layers] == [4, 4]
    for _ in range(3):  # paused: every frame carries them
        h.send("step", "both")
    frame = h.next(Frame)
    while frame.step < 3:
        frame = h.next(Frame)
    assert frame.neurons is not None
    headless.train(3)
    _same(frame.neurons, players_maps(headless, 4)[0])
    h.send("neurons", 0)
    h.send("step", "both")
    frame = h.next(Frame)
    while frame.step < 4:
        frame = h.next(Frame)
    assert frame.neurons is None


def test_a_gmn_run_names_the_missing_discriminator():
    harness = Harness(preset="bimodal-1d-gmn")
    try:
        harness.next()
        harness.send("neurons", 8)
        frame = _with_maps(harness)
        assert set(frame.neurons) == {"G"} and "no discriminator" in frame.neurons_missing["D"]
    finally:
        harness.close()
