"""Every claim ganviz makes: those in the presets and those in the lessons' steps, with full ids.

A preset's claim is `PRESET.ID` (bimodal-1d.converges); a lesson step's is `LESSON.ID`, the lesson
named by its file (09-mode-collapse.collapses). `--only` accepts a preset, a lesson or a full id.
"""

from __future__ import annotations

from dataclasses import dataclass

from ganviz.core.claims.format import Claim, ClaimError, parse_claims
from ganviz.core.config import Config, from_dict
from ganviz.core.errors import ConfigError
from ganviz.core.presets import preset_names, read_preset_file


@dataclass(frozen=True)
class ClaimRef:
    """A claim with where it comes from and the config its runs train."""

    id: str
    claim: Claim
    config: Config
    preset: str | None
    lesson: str | None = None


def full_id(owner: str, claim_id: str) -> str:
    """A claim's id across ganviz: its preset's or lesson's name, a dot, its own id."""
    return f"{owner}.{claim_id}"


def preset_claims(name: str) -> tuple[Claim, ...]:
    """The checked claims of one preset (none if it makes no promise); ClaimError names the field."""
    data = read_preset_file(name)
    config = from_dict(data["config"])
    try:
        return parse_claims(data.get("claims", []), "claims", config)
    except ClaimError as e:
        raise ClaimError(f"{name}.{e.key}", e.message) from None


def all_claims() -> list[ClaimRef]:
    """Every claim of every preset, then of every built-in lesson, in that order."""
    from ganviz.core.lessons import builtin_lessons, load_lesson

    refs = []
    for name in preset_names():
        config = from_dict(read_preset_file(name)["config"])
        refs += [ClaimRef(full_id(name, c.id), c, config, name) for c in preset_claims(name)]
    for path in builtin_lessons():
        lesson = load_lesson(path)
        preset = None
        for step in lesson.steps:
            preset = step.preset or preset
            refs += [ClaimRef(full_id(lesson.name, c.id), c, step.config, preset, lesson.name) for c in step.claims]
    return refs


def select(refs: list[ClaimRef], only: list[str] | None) -> list[ClaimRef]:
    """The claims named by `only` (presets, lessons or claim ids; all when empty); ConfigError for a name
    that matches nothing."""
    if not only:
        return list(refs)
    chosen = []
    for name in only:
        hits = [r for r in refs if name in (r.id, r.preset if r.lesson is None else None, r.lesson)]
        if not hits:
            owners = sorted({r.preset for r in refs if r.lesson is None} | {r.lesson for r in refs if r.lesson})
            raise ConfigError("--only", f"no claim, preset or lesson with claims is called {name!r}; accepted: "
                              + ", ".join(owners) + " or a claim id such as " + (refs[0].id if refs else "—"))
        chosen += [r for r in hits if r not in chosen]
    return chosen
