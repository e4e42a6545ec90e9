"""What crosses the pipe between the GUI process and the trainer process.

Commands (GUI → trainer) are small tuples whose first item names them:
    ("apply", {key: value})   change settings (live ones at the next step, others at reset)
    ("play", bool)            run or pause
    ("step", "d"|"g"|"both")  one update while paused
    ("reset", config_json|None)  start over (with a new config, or the pending one)
    ("speed", steps_per_frame)   float; inf = as fast as possible
    ("credit",)               the GUI drew the last frame: one more may be sent
    ("raise",)                test hook: the next step raises (fault injection)
    ("save",)                 answered by ("state", npz bytes, rows): the run's complete state (experiment_file)
                              and the history rows the evaluator had not yet sent with a frame
    ("load", npz bytes)       become that run, paused: ("loaded", generation, step, config_json, pending_json|None)
    ("rewind", step)          back to the newest checkpoint at or before step, paused: ("rewound", ...) as "loaded"
    ("invert", [x] | [x1, x2])  find z with G(z) closest to the point: ("inverted", x, z, g_of_z, distance)
                              or ("refused", "invert", why)
    ("until", step|None)      pause when the step counter reaches step (a lesson's run_steps); reset clears it
    ("ping", token)           answered by ("pong", token, {step, playing, status, generation, config_json, speed}) once
                              every earlier command has taken effect
    ("quit",)
Messages (trainer → GUI) are Frame objects, or tuples:
    ("applied", [keys waiting for a reset]) | ("refused", key, message) | ("error", message, details)
    | ("state", bytes) | ("loaded", ...) | ("rewound", ...) | ("pong", token, state)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ganviz.core.snapshot import Snapshot

FRAME_RATE = 33.0  # frames per second offered at most: a little above the 30 a smooth display needs


@dataclass(frozen=True)
class Frame:
    """The newest state of the run for the views, plus the history rows logged since the last frame."""

    snapshot: Snapshot
    rows: list = field(default_factory=list)  # dicts with "step" and the metrics
    step: int = 0
    playing: bool = False
    steps_per_s: float = 0.0  # over the last second of play
    generation: int = 0  # bumps at every reset: rows of an older generation are dropped
    config_json: str = ""
    pending: tuple = ()  # keys waiting for a reset
    total_steps: int = 0  # across resets, for the --report
    train_s: float = 0.0  # seconds spent in training iterations, across resets
    checkpoints: tuple = ()  # steps one can rewind to (the trainer's timeline)
    speed: float = math.inf  # steps per frame the trainer runs at (the last ("speed", ...) it was told)
