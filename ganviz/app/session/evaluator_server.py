"""The evaluation process: turns the trainer's weights into frames and history rows.

Measuring costs about as much as training (a snapshot for the views every frame, metrics every
`log_every` steps). Done beside the trainer, on the core the GUI leaves free, it no longer
slows training. This process keeps a mirror Trainer that never trains: each job brings the
weights, the step and the live config, and the mirror's own Evaluator does the rest, with the
same seed-derived evaluation samples as a headless run.
"""

from __future__ import annotations

import os
import signal

import torch

from ganviz.app.session.protocol import Frame
from ganviz.core.config import changed_keys, from_json
from ganviz.core.trainer import Trainer


def load_state(module: torch.nn.Module, state: dict) -> None:
    """Copy numpy weights and buffers into a module."""
    module.load_state_dict({k: torch.from_numpy(v) for k, v in state.items()})


class EvaluatorServer:
    """Serves jobs from the trainer process; frames and replies go to the GUI."""

    def __init__(self, jobs, acks, messages):
        self.jobs, self.acks, self.messages = jobs, acks, messages
        self.mirror: Trainer | None = None
        self.generation = -1
        self.config_json = ""
        self.rows: list[dict] = []

    def run(self) -> None:
        """Until the trainer goes away or says quit."""
        while True:
            try:
                job = self.jobs.recv()
            except (EOFError, OSError):
                return
            kind = job[0]
            if kind == "quit":
                return
            if kind == "reply":
                self.messages.send(job[1])
            elif kind == "log":
                self._sync(job[1])
                row = self.mirror.evaluator.evaluate(self.mirror, fields=False)[1]
                row.pop("finite")
                row.update(job[2])  # gradient norms, known only to the trainer
                row["step"] = job[1]["step"]
                self.rows.append(row)
                self.acks.send(job[1]["step"])
            elif kind == "frame":
                meta = job[1]
                self._sync(meta)
                snapshot = self.mirror.snapshot(view=True)
                self.messages.send(Frame(snapshot=snapshot, rows=self.rows, **job[2]))
                self.rows = []

    def _sync(self, state: dict) -> None:
        """Bring the mirror to the trainer's state: config, weights, step, status."""
        if self.mirror is None or state["generation"] != self.generation:
            self.mirror = Trainer(from_json(state["config_json"]))
            self.generation = state["generation"]
            self.config_json = state["config_json"]
            self.rows = []
        elif state["config_json"] != self.config_json:  # a live change reached the trainer
            config = from_json(state["config_json"])
            keys = changed_keys(self.mirror.config, config)
            self.mirror.apply({k: v for k, v in config.to_dict().items() if k in keys})
            self.config_json = state["config_json"]
        load_state(self.mirror.G, state["G"])
        load_state(self.mirror.D, state["D"])
        self.mirror.step_count = state["step"]
        self.mirror.status, self.mirror.message = state["status"], state["message"]


def serve_evaluator(jobs, acks, messages) -> None:
    """Entry point of the evaluation process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    torch.set_num_threads(1)
    try:
        EvaluatorServer(jobs, acks, messages).run()
    finally:
        messages.close()
        acks.close()
    os._exit(0)  # see server.serve: a slow interpreter shutdown would hold up closing the window
