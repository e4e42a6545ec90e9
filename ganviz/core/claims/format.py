"""A claim: a behaviour a preset or a lesson step promises, written so that a machine can check it.

A claim names a history series, a comparison with a threshold, and where the comparison must hold:

- ``"where": "share"``: at least a share of the records from step ``from`` to step ``to``
  (``{"share": 0.8, "from": 5000, "to": 20000}``); its figure is the share that passed.
- ``"where": "at"``: the record at ``step``; its figure is the series' value there.
- ``"where": "trend"``: the median over the last fifth of the records from ``from`` to ``to`` minus
  the median over the first fifth; its figure is that change (a series that grows has a positive one).

A run that diverges before its records are taken fails the claim: records it never made count as
failed in a share, and a missing record or a NaN fails "at" and "trend". The format is described in
the README; a bad field is refused with its place (``claims[1].op``) and what is accepted.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass

from ganviz.core.config import Config
from ganviz.core.errors import ConfigError
from ganviz.core.opponents import opponent_for

OPS: dict[str, Callable[[float, float], bool]] = {"<": operator.lt, "<=": operator.le, ">": operator.gt,
                                                   ">=": operator.ge}
WHERE = ("share", "at", "trend")
# Series a claim may read: the run's history names, and w1_rel = W₁ over the target's standard
# deviation (the root mean square of its per-coordinate stds in 2-D), comparable across targets.
SERIES = {
    "w1_rel": "W₁ to the target over the target's standard deviation",
    "w1": "W₁ to the target (dirac: |θ|)",
    "jsd": "Jensen–Shannon divergence on the grid (nats)",
    "kl": "KL(p_t‖p_g) on the grid (nats)",
    "mmd": "MMD² between 500 generated and 500 real samples",
    "modes": "modes covered (of 2500 samples)",
    "hq": "high-quality fraction of 2500 samples",
    "radius": "distance of the Dirac-GAN to its equilibrium, √(θ²+ψ²)",
    "loss_d": "D's loss on the evaluation batch",
    "loss_g": "G's loss on the evaluation batch",
    "value": "V(D, G) on the grid",
    "d_gap": "∫ |D − D*|·(p_t + p_g)/2: how far the learned D is from the ideal one (learned D, not a critic)",
    "max_step_modulus": "the game spectrum's largest |1 + hλ| (where \"at\" only; a learned D, no unrolling)",
    "max_real": "the game spectrum's largest Re λ (where \"at\" only; a learned D, no unrolling)",
    "classes": "digit classes covered: each read in ≥ 1 % of 1,000 generated images with confidence ≥ 0.5",
    "class_max": "the largest share of 1,000 generated images read as one class (confidence ≥ 0.5)",
    "class_target": "the share of 1,000 generated images read as one of the target's classes (digits-7: sevens)",
    "fd": "Fréchet distance to the training images in the digits classifier's feature space",
    "nn": "median distance of a generated image to its nearest training image over the training images' own",
}
# Read off the game's spectrum (core.spectrum), computed only at the steps an "at" claim names: seconds each.
SPECTRUM_SERIES = ("max_step_modulus", "max_real")
FIELDS = {"share": ("id", "text", "series", "op", "value", "where", "share", "from", "to"),
          "at": ("id", "text", "series", "op", "value", "where", "step"),
          "trend": ("id", "text", "series", "op", "value", "where", "from", "to")}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MAX_STEP = 10_000_000


class ClaimError(ConfigError):
    """A claim was refused; `key` names the field (e.g. claims[0].series)."""


@dataclass(frozen=True)
class Claim:
    """One checked claim. `first`..`last` is the window of steps it reads (first = last for "at")."""

    id: str
    text: str
    series: str
    op: str
    value: float
    where: str
    first: int
    last: int
    share: float = 1.0

    @property
    def steps(self) -> int:
        """How far a run must train for this claim to be judged."""
        return self.last

    def passes(self, x: float) -> bool:
        """Whether one value satisfies the comparison (NaN never does)."""
        return not math.isnan(x) and OPS[self.op](x, self.value)

    def describe(self) -> str:
        """The claim in the table's short form, e.g. `w1_rel < 0.1 at ≥ 80% of steps 5000–20000`."""
        head = f"{self.series} {self.op} {self.value:g}"
        if self.where == "share":
            return f"{head} at ≥ {self.share:.0%} of steps {self.first}–{self.last}"
        if self.where == "at":
            return f"{head} at step {self.last}"
        return f"change of {self.series} over steps {self.first}–{self.last} {self.op} {self.value:g}"


def series_for(config: Config) -> list[str]:
    """The series a run of this config records."""
    from ganviz.core.targets import make_target

    trains_d = opponent_for(config).trains_d
    spectrum = list(SPECTRUM_SERIES) if trains_d and config.unroll_steps == 0 else []  # see core.spectrum
    if config.target == "dirac":
        return ["radius", "w1", "loss_d", "loss_g", "value", *spectrum]
    if config.image:  # images: read by the digits classifier (core.image_evaluation); no spectrum for them
        return ["classes", "class_max", "class_target", "fd", "nn", "mmd", "loss_d", "loss_g"]
    names = ["w1_rel", "w1", "jsd", "kl", "mmd", "loss_d", "loss_g", "value"]
    if trains_d:
        names.append("d_gap")
    if make_target(config.target, config.target_params).modes is not None:
        names += ["modes", "hq"]
    return names + spectrum


def parse_claims(raw, where: str, config: Config) -> tuple[Claim, ...]:
    """The checked claims of a list in a preset or a lesson step, for runs of `config`."""
    if not isinstance(raw, list):
        raise ClaimError(where, f"must be a list of claims, got {raw!r}")
    claims = tuple(parse_claim(item, f"{where}[{i}]", config) for i, item in enumerate(raw))
    seen: set[str] = set()
    for i, c in enumerate(claims):
        if c.id in seen:
            raise ClaimError(f"{where}[{i}].id", f"{c.id!r} is used twice; each claim needs its own id")
        seen.add(c.id)
    return claims


def parse_claim(raw, where: str, config: Config) -> Claim:
    """One checked claim; ClaimError naming the field and what it accepts."""
    if not isinstance(raw, dict):
        raise ClaimError(where, "must be an object with id, text, series, op, value and where")
    kind = raw.get("where")
    if kind not in WHERE:
        raise ClaimError(f"{where}.where", f"must be one of {', '.join(WHERE)}, got {kind!r}")
    for key in raw:
        if key not in FIELDS[kind]:
            raise ClaimError(f"{where}.{key}", f"unknown field for where = {kind}; accepted: "
                             + ", ".join(FIELDS[kind]))
    for key in FIELDS[kind]:
        if key not in raw:
            raise ClaimError(f"{where}.{key}", f"is missing (a claim with where = {kind} needs "
                             + ", ".join(FIELDS[kind]) + ")")
    cid = raw["id"]
    if not isinstance(cid, str) or not _ID.match(cid):
        raise ClaimError(f"{where}.id", f"must be lower-case letters, digits and '-', got {cid!r}")
    text = raw["text"]
    if not isinstance(text, str) or not text.strip():
        raise ClaimError(f"{where}.text", f"must be a non-empty text saying what is claimed, got {text!r}")
    accepted = series_for(config)
    if raw["series"] not in accepted:
        raise ClaimError(f"{where}.series", f"{raw['series']!r} is not recorded for target {config.target}; "
                         "accepted: " + ", ".join(accepted))
    if raw["series"] in SPECTRUM_SERIES and kind != "at":
        raise ClaimError(f"{where}.where", f"{raw['series']} is measured at one step: use where = at, got {kind!r}")
    if raw["op"] not in OPS:
        raise ClaimError(f"{where}.op", f"must be one of {', '.join(OPS)}, got {raw['op']!r}")
    value = _number(raw["value"], f"{where}.value", "a finite number")
    every = config.log_every
    if kind == "at":
        step = _step(raw["step"], f"{where}.step", every)
        first = last = step
    else:
        first = _step(raw["from"], f"{where}.from", every)
        last = _step(raw["to"], f"{where}.to", every)
        if last <= first:
            raise ClaimError(f"{where}.to", f"must be after from ({first}), got {last}")
        if kind == "trend" and (last - first) // every + 1 < 5:
            raise ClaimError(f"{where}.to", f"a trend needs at least 5 records; from {first} to {last} "
                             f"the run records {(last - first) // every + 1} (it logs every {every} steps)")
    share = 1.0
    if kind == "share":
        share = _number(raw["share"], f"{where}.share", "a share in (0, 1]")
        if not 0 < share <= 1:
            raise ClaimError(f"{where}.share", f"must be a share in (0, 1], got {share!r}")
    return Claim(cid, text.strip(), raw["series"], raw["op"], value, kind, first, last, share)


def _number(value, where: str, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ClaimError(where, f"must be {what}, got {value!r}")
    return float(value)


def _step(value, where: str, every: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_STEP:
        raise ClaimError(where, f"must be a step number from 0 to {MAX_STEP:,}, got {value!r}")
    if value % every:
        raise ClaimError(where, f"step {value} is not a record: the run records every {every} steps (log_every)")
    return value
