"""Guided lessons: JSON files of steps, each a config, the views to show and a paragraph for students.

A lesson is checked whole when it is loaded: every step's config is resolved (a preset, then
the step's keys, over the previous step's config) with the config's own validation, so a bad
key, value, view or layer is reported with the step and field it sits in, and a lesson that
loads can be stepped through in any order. The format is described in the README.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ganviz.core.claims.format import Claim, ClaimError, parse_claims
from ganviz.core.config import Config, KeySpec, check_value, default_config, from_dict, needs_reset
from ganviz.core.errors import ConfigError
from ganviz.core.presets import assets_dir, read_preset
from ganviz.core.sampling import check_params

# Plots beside the main view (density, field or phase plane) that a step may show.
VIEWS = ("strip", "transform", "losses", "metrics", "sampler", "loss_curves", "rounding", "spectrum", "networks",
         "find_code")  # find_code: the image page's Find the code tab in front of the latent walk
DEFAULT_VIEWS = ("strip", "transform", "losses", "metrics")
# Layers of the main views, and what a step shows when it does not say.
LAYERS = {"true": True, "generated": True, "histogram": False, "d": True, "d_star": True, "gap": False,
          "samples": True, "contours": True, "arrows": False, "latent_grid": False}
STEP_FIELDS = ("title", "text", "preset", "config", "reset", "show", "layers", "play", "run_steps", "sampler",
               "invert", "claims")
LESSON_FIELDS = ("format", "title", "summary", "steps")
RUN_STEPS = KeySpec("run_steps", int, 0, "Play until the step counter reaches this, then pause.", True, 1,
                    10_000_000)


class LessonError(ConfigError):
    """A lesson file was refused; `key` names the field (e.g. steps[2].config.lr_g)."""


@dataclass(frozen=True)
class Step:
    """One step of a lesson, with its config resolved and checked."""

    title: str
    text: str
    config: Config
    reset: bool  # start the run over (otherwise only live settings change and training carries on)
    show: tuple[str, ...]
    layers: dict
    play: bool
    run_steps: int | None
    sampler: dict | None
    invert: bool
    preset: str | None = None  # the preset the step starts from, if it names one
    claims: tuple[Claim, ...] = ()  # what the step promises, each run from step 0 of its config


@dataclass(frozen=True)
class Lesson:
    """A titled sequence of steps."""

    title: str
    summary: str
    steps: tuple[Step, ...]
    source: str = ""
    name: str = field(default="")


def lessons_dir() -> Path:
    """The folder of built-in lessons."""
    return assets_dir() / "lessons"


def builtin_lessons() -> list[Path]:
    """The built-in lesson files, in teaching order (their names start with a number)."""
    return sorted(lessons_dir().glob("*.json"))


def load_lesson(path: Path | str) -> Lesson:
    """Read and check a lesson file; LessonError naming the file and the bad field."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise LessonError("lesson", f"cannot read {path}: {e.strerror}") from None
    except UnicodeDecodeError:
        raise LessonError("lesson", f"{path.name} is not a lesson: not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise LessonError("lesson", f"{path.name} is not valid JSON (line {e.lineno}, column {e.colno}: "
                          f"{e.msg})") from None
    return parse_lesson(data, source=path.name)


def parse_lesson(data, source: str = "lesson") -> Lesson:
    """A checked Lesson from parsed JSON."""
    def fail(key: str, message: str) -> LessonError:
        return LessonError(key, f"{message} (in {source})")

    if not isinstance(data, dict):
        raise fail("lesson", "must be a JSON object with a title and steps")
    for key in data:
        if key not in LESSON_FIELDS:
            raise fail(str(key), "unknown field; accepted: " + ", ".join(LESSON_FIELDS))
    if data.get("format", 1) != 1:
        raise fail("format", f"must be 1, got {data['format']!r}")
    title = _text(data, "title", "title", fail, required=True)
    summary = _text(data, "summary", "summary", fail, required=False)
    steps_data = data.get("steps")
    if not isinstance(steps_data, list) or not steps_data:
        raise fail("steps", "must be a non-empty list of steps")
    steps = []
    previous = default_config()
    ids: set[str] = set()
    for i, raw in enumerate(steps_data):
        step = _parse_step(raw, f"steps[{i}]", previous, fail)
        for j, claim in enumerate(step.claims):
            if claim.id in ids:
                raise fail(f"steps[{i}].claims[{j}].id", f"{claim.id!r} is used twice in this lesson; each claim "
                           "needs its own id")
            ids.add(claim.id)
        steps.append(step)
        previous = step.config
    return Lesson(title, summary, tuple(steps), source, Path(source).stem)


def _text(data: dict, key: str, where: str, fail, required: bool) -> str:
    value = data.get(key, None if required else "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise fail(where, f"must be {'a non-empty' if required else 'a'} text, got {value!r}")
    return value.strip()


def _flag(data: dict, key: str, where: str, default: bool, fail) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise fail(where, f"must be true or false, got {value!r}")
    return value


def _parse_step(raw, where: str, previous: Config, fail) -> Step:
    if not isinstance(raw, dict):
        raise fail(where, "must be an object with a title and a text")
    for key in raw:
        if key not in STEP_FIELDS:
            raise fail(f"{where}.{key}", "unknown field; accepted: " + ", ".join(STEP_FIELDS))
    title = _text(raw, "title", f"{where}.title", fail, required=True)
    text = _text(raw, "text", f"{where}.text", fail, required=True)
    config = _resolve_config(raw, where, previous, fail)
    reset = _flag(raw, "reset", f"{where}.reset", "preset" in raw or bool(needs_reset(previous, config)), fail)
    show = raw.get("show", list(DEFAULT_VIEWS))
    if not isinstance(show, list) or any(v not in VIEWS for v in show):
        raise fail(f"{where}.show", f"must be a list of views from {', '.join(VIEWS)}, got {show!r}")
    layers = dict(LAYERS)
    given = raw.get("layers", {})
    if not isinstance(given, dict):
        raise fail(f"{where}.layers", f"must be an object of layer: true/false, got {given!r}")
    for name, on in given.items():
        if name not in LAYERS or not isinstance(on, bool):
            raise fail(f"{where}.layers.{name}", f"layers are {', '.join(LAYERS)}, each true or false; "
                       f"got {name!r}: {on!r}")
        layers[name] = on
    run_steps = None
    if "run_steps" in raw:
        try:
            run_steps = check_value(RUN_STEPS, raw["run_steps"])
        except ConfigError as e:
            raise fail(f"{where}.run_steps", e.message) from None
    sampler = None
    if "sampler" in raw:
        try:
            sampler = check_params(raw["sampler"])
        except ConfigError as e:
            raise fail(f"{where}.{e.key}", e.message) from None
        if config.dim != 1 or config.target == "dirac":
            raise fail(f"{where}.sampler", f"needs a 1-D target; this step's target is {config.target}")
        if "sampler" not in show:
            show = [*show, "sampler"]
    try:
        claims = parse_claims(raw.get("claims", []), f"{where}.claims", config)
    except ClaimError as e:
        raise fail(e.key, e.message) from None
    preset = raw["preset"] if "preset" in raw else None
    return Step(title, text, config, reset, tuple(show), layers, _flag(raw, "play", f"{where}.play", False, fail),
                run_steps, sampler, _flag(raw, "invert", f"{where}.invert", False, fail), preset, claims)


def _resolve_config(raw: dict, where: str, previous: Config, fail) -> Config:
    """The step's config: its preset (or the previous step's config), then its own keys."""
    base = previous
    if "preset" in raw:
        name = raw["preset"]
        try:
            if not isinstance(name, str):
                raise ConfigError("preset", f"must be a preset name, got {name!r}")
            base = from_dict(read_preset(name)[1])
        except ConfigError as e:
            raise fail(f"{where}.preset", e.message) from None
    keys = raw.get("config", {})
    if not isinstance(keys, dict):
        raise fail(f"{where}.config", f"must be an object of config keys, got {keys!r}")
    try:
        return from_dict(keys, base=base)
    except ConfigError as e:
        raise fail(f"{where}.config.{e.key}", e.message) from None
