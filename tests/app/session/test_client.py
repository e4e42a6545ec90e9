"""The real trainer process behind the GUI's client: frames arrive, death is reported, stop is prompt."""

import os
import signal

from ganviz.app.session.client import TrainerClient
from ganviz.core.presets import load_preset


def _config():
    return load_preset("ring-8").with_changes({"hidden": 32}).to_json()


def test_frames_flow_and_stop_lets_the_children_leave_on_their_own(qtbot):
    client = TrainerClient()
    client.start(_config())
    with qtbot.waitSignal(client.frame_ready, timeout=120000):
        pass
    first = client.take_frame()
    assert first.step == 0 and first.snapshot.kind == "2d"
    client.send("play", True)
    steps = []
    for _ in range(5):
        with qtbot.waitSignal(client.frame_ready, timeout=60000):
            pass
        steps.append(client.take_frame().step)
    assert steps[-1] > steps[0]
    pid = client.pid
    stopped = client.stop()  # how fast is measured in benchmarks/app_speed.py
    assert stopped == client.last_stop and stopped.clean, stopped  # exit code 0 both, none terminated
    assert not client.alive
    try:
        os.kill(pid, 0)
        gone = False
    except ProcessLookupError:
        gone = True
    assert gone or _is_zombie(pid)


def _is_zombie(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] == "Z"
    except FileNotFoundError:
        return True


def test_killed_trainer_is_reported_and_a_new_one_starts(qtbot):
    client = TrainerClient()
    client.start(_config())
    with qtbot.waitSignal(client.frame_ready, timeout=120000):
        pass
    client.take_frame()
    with qtbot.waitSignal(client.died, timeout=60000) as blocker:
        os.kill(client.pid, signal.SIGKILL)
    assert "exit code -9" in blocker.args[0]
    client.start(_config())
    with qtbot.waitSignal(client.frame_ready, timeout=120000):
        pass
    assert client.take_frame().step == 0
    client.stop()


class _Unreadable:
    """The GUI's end of the frames pipe, holding a message that cannot be unpickled."""

    def recv(self):
        import pickle

        raise pickle.UnpicklingError("invalid load key, '\\x00'.")

    def close(self):
        pass


class _Child:
    def __init__(self):
        self.terminated = False

    def terminate(self):
        self.terminated = True


def test_an_unreadable_message_is_reported_as_a_broken_connection(qtbot):
    client = TrainerClient()
    trainer, evaluator = _Child(), _Child()
    client._process = trainer  # the receiver reports only for the processes it was started with
    with qtbot.waitSignal(client.died, timeout=60000) as blocker:
        client._receive(_Unreadable(), trainer, evaluator)  # returns instead of dying with a traceback
    assert blocker.args[0] == "the connection to the trainer broke (UnpicklingError: invalid load key, '\\x00'.)"
    assert trainer.terminated and evaluator.terminated  # so a reset starts new ones
