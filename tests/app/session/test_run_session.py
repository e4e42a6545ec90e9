"""The Session between the window and the trainer process: the run's state kept true by what comes back."""

from ganviz.app.session.protocol import Moved
from ganviz.app.session.run_session import Session
from ganviz.core.presets import load_preset

CEILING_MS = 120_000  # a generous ceiling for a loaded machine; the tests wait for events, never for a time


def _session(qtbot):
    session = Session(load_preset("bimodal-1d").with_changes({"hidden": 16, "log_every": 10}))
    frames = []
    session.frame.connect(frames.append)
    session.start(speed=5.0)
    qtbot.waitUntil(lambda: bool(frames), timeout=CEILING_MS)
    return session, frames


def test_frames_fill_the_histories_and_a_live_change_is_marked_at_the_step_drawn(qtbot):
    session, frames = _session(qtbot)
    try:
        assert session.generation == frames[0].generation == 0 and session.last_frame is frames[-1]
        session.send("play", True)
        qtbot.waitUntil(lambda: session.last_frame.step >= 50, timeout=CEILING_MS)
        steps = session.history.arrays()["step"]
        assert steps[0] == 0 and steps[-1] <= session.last_frame.step and len(steps) >= 5  # a row every 10 steps
        marks = []
        session.marks_changed.connect(lambda: marks.append(1))
        at = session.last_frame.step
        session.apply_live(session.config.with_changes({"lr_g": 5e-4}))
        (change,) = session.changes.changes
        assert (change.step, change.key, change.new) == (at, "lr_g", 5e-4) and marks
        assert session.config.lr_g == 5e-4
        qtbot.waitUntil(lambda: '"lr_g": 0.0005' in session.last_frame.config_json, timeout=CEILING_MS)
    finally:
        session.stop()


def test_a_rewind_keeps_the_histories_and_marks_before_it_under_a_new_generation(qtbot):
    session, _ = _session(qtbot)
    try:
        session.send("play", True)
        qtbot.waitUntil(lambda: session.last_frame.step >= 30, timeout=CEILING_MS)
        session.apply_live(session.config.with_changes({"lr_d": 5e-4}))  # marked at the step drawn (≥ 30)
        qtbot.waitUntil(lambda: len(session.last_frame.checkpoints) >= 2 and session.last_frame.step >= 200,
                        timeout=CEILING_MS)
        session.send("play", False)
        moved = []
        session.moved.connect(moved.append)
        session.send("rewind", 1)
        qtbot.waitUntil(lambda: bool(moved), timeout=CEILING_MS)
        (back,) = moved
        assert isinstance(back, Moved) and back.kind == "rewound" and back.step <= 1
        assert session.generation == back.generation == 1
        assert all(s < back.step for s in session.history.arrays().get("step", []))  # rows after it are gone
        assert session.changes.changes == []  # the mark came after the checkpoint
    finally:
        session.stop()


def test_a_trainer_started_again_is_asked_for_spectra_as_the_last_one_was(qtbot):
    from ganviz.app.session.protocol import GameSpectrum

    session, frames = _session(qtbot)
    spectra = []
    session.replied.connect(lambda m: spectra.append(m) if isinstance(m, GameSpectrum) else None)
    try:
        session.send("spectrum", 1000)
        qtbot.waitUntil(lambda: len(spectra) == 1, timeout=CEILING_MS)
        session.stop()
        session.start(speed=5.0)  # a new trainer process (as after a crash or an opened experiment)
        qtbot.waitUntil(lambda: len(spectra) == 2, timeout=CEILING_MS)  # nobody asked it again
        assert [(s.step, s.method) for s in spectra] == [(0, "exact"), (0, "exact")]
        assert spectra[1].eigenvalues == spectra[0].eigenvalues  # the same run, measured the same way
    finally:
        session.stop()
