"""What crosses the pipe between the GUI process and the trainer process.

Commands (GUI → trainer) are small tuples whose first item names them:
    ("apply", {key: value})   change settings (live ones at the next step, others at reset)
    ("play", bool)            run or pause
    ("step", "d"|"g"|"both")  one update while paused
    ("reset", config_json|None)  start over (with a new config, or the pending one)
    ("speed", steps_per_frame)   float; inf = as fast as possible
    ("credit",)               the GUI drew the last frame: one more may be sent
    ("raise",)                test hook: the next step raises (fault injection)
    ("save",)                 answered by SavedState: the run's complete state (experiment_file) and the
                              history rows the evaluator had not yet sent with a frame
    ("load", npz bytes)       become that run, paused: Moved("loaded", ...)
    ("rewind", step)          back to the newest checkpoint at or before step, paused: Moved("rewound", ...)
    ("invert", [x] | [x1, x2])  find z with G(z) closest to the point: Inverted, or Refused("invert", why)
    ("until", step|None)      pause when the step counter reaches step (a lesson's run_steps); reset clears it
    ("spectrum", every)       the game's spectrum now and then every `every` steps (0: no more): GameSpectrum,
                              or Refused("spectrum", why); computed beside training, one at a time
    ("neurons", units)        the players' hidden units as pictures (core.neuron_maps), their `units` most important
                              per layer, with the frames, at most every NEURONS_PERIOD s while playing (0: no more)
    ("walk", (a, b, mode, n))  image targets: G at n points from the page's fixed latent a to b ("linear" or
                              "spherical"): Walked, or Refused("walk", why)
    ("ping", token)           answered by Pong once every earlier command has taken effect
    ("quit",)
Messages (trainer → GUI) are Frame objects or one of the typed replies below (REPLIES):
    Applied (after "apply"), Refused (a command or setting refused, the run unchanged), Failed (an exception
    in the trainer: training paused), SavedState, Moved, Inverted, GameSpectrum, Walked, Pong.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ganviz.core.snapshot import Snapshot

FRAME_RATE = 33.0  # frames per second offered at most: a little above the 30 a smooth display needs
# Steps between game spectra while the spectrum view is open ("spectrum", every). A ring-8 spectrum
# (34,179 parameters, Arnoldi) takes seconds of a core; README "The game's spectrum" gives what it costs.
SPECTRUM_EVERY = 2000
# Seconds between the networks' pictures while training runs and the "Inside the networks" view is open:
# a modest rate that a student can follow (a paused run's frames all carry them).
NEURONS_PERIOD = 0.5


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
    # ("neurons", units) asked for: {"G": NetworkMaps, "D": ...} at this step, and why a player is not drawn
    neurons: dict | None = None
    neurons_missing: dict = field(default_factory=dict)


# ----- replies (trainer → GUI), in order with the frames ----------------------------------------

@dataclass(frozen=True)
class Applied:
    """Settings were accepted; `waiting` lists every key changed since the last reset that needs one."""

    waiting: list


@dataclass(frozen=True)
class Refused:
    """A command or setting was refused and nothing changed; `key` names what was wrong (a config key, or
    "experiment", "rewind", "invert")."""

    key: str
    message: str


@dataclass(frozen=True)
class Failed:
    """The trainer raised: training paused, the run kept as it was before the failing step."""

    message: str
    details: str  # the traceback, for the details pane


@dataclass(frozen=True)
class SavedState:
    """The answer to "save": the run as experiment_file bytes, and the history rows logged since the last
    frame (added by the evaluator, which measures them)."""

    data: bytes
    rows: list = field(default_factory=list)


@dataclass(frozen=True)
class Moved:
    """The trainer became another run (`kind` "loaded": an experiment file) or went back to a checkpoint
    ("rewound"); paused, under a new generation."""

    kind: str
    generation: int
    step: int
    config_json: str
    pending_json: str | None  # the settings waiting for a reset, if any


@dataclass(frozen=True)
class Inverted:
    """The answer to "invert": the point asked about, the latent found, G of it and their distance."""

    x: list
    z: list
    g_of_z: list
    distance: float
    step: int = -1  # the trainer's step when it searched (G as it was then); −1 when not known


@dataclass(frozen=True)
class GameSpectrum:
    """The eigenvalues of the game's Jacobian at `step` of run `generation` (core.spectrum.Spectrum as plain data)."""

    generation: int
    step: int
    eigenvalues: list  # [re, im] pairs, largest real part first
    residuals: list
    method: str  # "exact" or "arnoldi"
    parameters: int
    step_sizes: tuple  # (h_G, h_D)
    max_step_modulus: float
    max_real: float
    verdict: str
    summary: str
    seconds: float  # how long it took to compute

    @classmethod
    def of(cls, s, generation: int, seconds: float) -> GameSpectrum:
        """The reply for a core.spectrum.Spectrum `s` (read by its fields: this module imports no torch)."""
        return cls(generation, s.step, [[float(v.real), float(v.imag)] for v in s.eigenvalues],
                   [float(r) for r in s.residuals], s.method, s.parameters, s.step_sizes, s.max_step_modulus,
                   s.max_real, s.verdict, s.summary, seconds)


@dataclass(frozen=True)
class Walked:
    """The answer to "walk": G's images along the path between two of the image page's fixed latents."""

    generation: int
    step: int
    ends: tuple  # (a, b): the page's sample numbers
    mode: str
    images: object  # (n, 8, 8) numpy array


@dataclass(frozen=True)
class Pong:
    """The answer to ("ping", token), after every earlier command took effect: the trainer's state then
    (step, playing, status, generation, config_json, speed)."""

    token: object
    state: dict


REPLIES = (Applied, Refused, Failed, SavedState, Moved, Inverted, GameSpectrum, Walked, Pong)
