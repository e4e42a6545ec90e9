"""The evaluation process: turns the trainer's weights into frames and history rows.

Measuring costs about as much as training (a snapshot for the views every frame, metrics every
`log_every` steps). Done beside the trainer, on the core the GUI leaves free, it no longer
slows training. This process keeps a mirror Trainer that never trains: each job brings the
weights, the step and the live config, and the mirror's own Evaluator does the rest, with the
same seed-derived evaluation samples as a headless run.
"""

from __future__ import annotations

import gc
import os
import signal
from dataclasses import replace

import torch

from ganviz.app.session.protocol import Frame, SavedState
from ganviz.app.session.weights import load_state
from ganviz.core.config import changed_keys, from_json, needs_reset
from ganviz.core.neurons import players_maps
from ganviz.core.trainer import Trainer


class EvaluatorServer:
    """Serves jobs from the trainer process; frames and replies go to the GUI."""

    def __init__(self, jobs, acks, messages):
        self.jobs, self.acks, self.messages = jobs, acks, messages
        self.mirror: Trainer | None = None
        self.generation = -1
        self.config_json = ""
        self.rows: list[dict] = []

    def prepare(self, config_json: str) -> None:
        """Build the mirror for this config and the true densities its first frame shows. A config the
        trainer cannot build either is left for the trainer to report; the first job then tries again."""
        try:
            mirror = Trainer(from_json(config_json))
            mirror.evaluator.prepare()
        except Exception:  # noqa: BLE001 (reported by the trainer, which builds the same config)
            return
        self.mirror, self.config_json = mirror, config_json

    def run(self) -> None:
        """Until the trainer or the GUI goes away, or the trainer says quit."""
        try:
            while self._serve_one():
                pass
        except (EOFError, OSError):  # a closed pipe: the window closed while we were busy
            return

    def _serve_one(self) -> bool:
        """Handle one job; False when told to quit."""
        job = self.jobs.recv()
        kind = job[0]
        if kind == "quit":
            return False
        if kind == "reply":
            message = job[1]
            if isinstance(message, SavedState):  # the GUI saves its histories too: hand over the rows not yet sent
                message, self.rows = replace(message, rows=self.rows), []
            self.messages.send(message)
        elif kind == "log":
            self._sync(job[1])
            row = self.mirror.measure(fields=False)[1]
            finite = row.pop("finite")
            row.update(job[2])  # gradient norms, known only to the trainer
            row["step"] = job[1]["step"]
            self.rows.append(row)
            # the trainer learns here that G's samples stopped being finite (as Trainer.log finds headless)
            self.acks.send((self.generation, job[1]["step"], finite))
        elif kind == "frame":
            meta = job[1]
            self._sync(meta)
            snapshot = self.mirror.snapshot(view=True)
            maps, missing = players_maps(self.mirror, meta["neurons"]) if meta.get("neurons") else (None, {})
            self.messages.send(Frame(snapshot=snapshot, rows=self.rows, neurons=maps, neurons_missing=missing,
                                     **job[2]))
            self.rows = []
        return True

    def _sync(self, state: dict) -> None:
        """Bring the mirror to the trainer's state: config, weights, step, status."""
        if state["generation"] != self.generation:  # a reset, load or rewind: the old records are void
            self.generation = state["generation"]
            self.rows = []
            if self.mirror is not None and needs_reset(self.mirror.config, from_json(state["config_json"])):
                self.mirror = None  # other networks; otherwise the mirror is kept (building one can take 0.5 s)
        if self.mirror is None:
            self.mirror = Trainer(from_json(state["config_json"]))
            self.config_json = state["config_json"]
        elif state["config_json"] != self.config_json:  # a live change reached the trainer
            config = from_json(state["config_json"])
            keys = changed_keys(self.mirror.config, config)
            self.mirror.apply({k: v for k, v in config.to_dict().items() if k in keys})
            self.config_json = state["config_json"]
        load_state(self.mirror.G, state["G"])
        load_state(self.mirror.D, state["D"])
        self.mirror.step_count = state["step"]
        self.mirror.status, self.mirror.message = state["status"], state["message"]


# benchmarks/app_speed.py beside two busy processes (--load 2): at nice 5 the evaluator got so few turns
# that the window showed 5 fps (the trainer ran at 1.1× a loaded headless run); at 0, 17.5 fps but 0.67×
# and 91 ms stalls; at 2, 11–15 fps and 0.79–0.85×. On a quiet machine 2 and 5 measure alike (26–32 fps).
EVALUATOR_NICE = 2


def serve_evaluator(jobs, acks, messages, config_json: str | None = None) -> None:
    """Entry point of the evaluation process; given the trainer's first config, it builds its mirror at once,
    while the trainer builds its own, rather than after the trainer's first frame has arrived."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    torch.set_num_threads(1)
    # Frames matter less than the trainer's steps and the GUI's promptness: when the two cores
    # are contested, the scheduler takes the evaluator's turn first, a little.
    os.nice(EVALUATOR_NICE)
    try:
        server = EvaluatorServer(jobs, acks, messages)
        if config_json is not None:
            server.prepare(config_json)
        gc.collect()
        gc.freeze()  # see server.serve
        server.run()
    finally:
        messages.close()
        acks.close()
    os._exit(0)  # see server.serve: a slow interpreter shutdown would hold up closing the window
