"""The ("spectrum", every) command: the trainer process measures its game now, every `every` steps and
after each change, with the core's numbers, and says why when the game has no spectrum."""

import time

import numpy as np
import pytest

from ganviz.app.session.protocol import Applied, Frame, GameSpectrum, Pong, Refused
from ganviz.core import spectrum as sp
from ganviz.core.presets import load_preset
from ganviz.core.trainer import Trainer
from tests.app.session.test_server import Harness


@pytest.fixture
def h():
    harness = Harness(spectra=True)
    yield harness
    harness.close()


def _expected(steps: int, **changes) -> np.ndarray:
    """The spectrum of the same run computed headless: a trainer of its own, trained as far."""
    trainer = Trainer(load_preset("bimodal-1d").with_changes({"hidden": 16}))
    trainer.train(steps)
    if changes:
        trainer.apply(changes)
    return sp.spectrum(trainer).eigenvalues


def _pairs(reply: GameSpectrum) -> np.ndarray:
    return np.array([complex(re, im) for re, im in reply.eigenvalues])


def _until_pong(h, token="t", timeout=120.0) -> list:
    """Every message up to the pong answering a ping sent now (frames acknowledged on the way)."""
    h.send("ping", token)
    got, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        if h.msg.poll(0.05):
            m = h.msg.recv()
            if isinstance(m, Frame):
                h.send("credit")
            if isinstance(m, Pong) and m.token == token:
                return got
            got.append(m)
    raise AssertionError(f"no pong within {timeout} s")


def test_a_spectrum_now_then_every_n_steps_then_after_a_change_then_none(h):
    h.next()
    h.send("spectrum", 3)
    first = h.next(GameSpectrum)
    assert (first.step, first.generation, first.method) == (0, 0, "exact")
    np.testing.assert_allclose(_pairs(first), _expected(0), rtol=1e-6, atol=1e-6)
    for _ in range(3):
        h.send("step", "both")
    third = h.next(GameSpectrum)
    assert third.step == 3
    np.testing.assert_allclose(_pairs(third), _expected(3), rtol=1e-6, atol=1e-6)
    h.send("apply", {"regularizer": "r1", "reg_weight": 1.0})  # a live change: measured again at once
    assert h.next(Applied).waiting == []
    moved = h.next(GameSpectrum)
    assert moved.step == 3
    np.testing.assert_allclose(_pairs(moved), _expected(3, regularizer="r1", reg_weight=1.0), rtol=1e-6, atol=1e-6)
    assert moved.max_real < third.max_real  # R1 damps D's directions
    h.send("spectrum", 0)
    for _ in range(3):
        h.send("step", "both")
    assert not [m for m in _until_pong(h) if isinstance(m, GameSpectrum)]


def test_a_game_without_a_learned_discriminator_is_refused_once_with_the_reason(h):
    h.next()
    h.send("apply", {"discriminator": "oracle"})
    h.next(Applied)
    h.send("spectrum", 2)
    refused = h.next(Refused)
    assert refused.key == "spectrum" and "oracle" in refused.message
    for _ in range(4):
        h.send("step", "both")
    later = _until_pong(h)
    assert not [m for m in later if isinstance(m, GameSpectrum | Refused)]  # said once, not every 2 steps


def test_without_a_spectrum_process_the_spectrum_is_refused_with_the_reason():
    h = Harness()  # the trainer's connection to a spectrum process: none
    try:
        h.next()
        h.send("spectrum", 10)
        assert "spectrum process" in h.next(Refused).message
    finally:
        h.close()


def test_a_cancelled_solve_is_never_answered_and_the_next_one_is(h):
    h.next()
    h.send("spectrum", 1000)  # one now, at step 0
    h.send("spectrum", 0)  # and cancelled at once: its answer (if it was done already) is dropped
    h.send("step", "both")
    h.send("spectrum", 1000)  # one now, at step 1
    reply = h.next(GameSpectrum)
    assert reply.step == 1
    np.testing.assert_allclose(_pairs(reply), _expected(1), rtol=1e-6, atol=1e-6)
