"""The shipped measurements of the claims (assets/claims/measured.json, written by `ganviz claims --out`),
so that a lesson can show beside its text how often what it says held on unseen seeds."""

from __future__ import annotations

import json

from ganviz.core.claims.catalog import full_id
from ganviz.core.presets import assets_dir

MEASURED_FILE = "claims/measured.json"


def load_measured() -> dict[str, dict]:
    """Claim id → its entry as `ganviz claims --out` wrote it; empty when nothing was shipped or it is unreadable."""
    path = assets_dir() / MEASURED_FILE
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(entries, list):
        return {}
    return {e["claim"]: e for e in entries if isinstance(e, dict) and isinstance(e.get("claim"), str)}


def _seed_span(seeds: list[int]) -> str:
    if seeds and seeds == list(range(seeds[0], seeds[0] + len(seeds))) and len(seeds) > 2:
        return f"seeds {seeds[0]}–{seeds[-1]}"
    return "seeds " + ", ".join(str(s) for s in seeds)


def rate_text(entry: dict | None) -> str:
    """'holds in 9 of 10 seeds (seeds 1000–1009)', or that it was not measured."""
    if not entry:
        return "not measured yet"
    holds = entry.get("holds", [])
    return f"holds in {sum(bool(h) for h in holds)} of {len(holds)} seeds ({_seed_span(entry.get('seeds', []))})"


def step_measurements(lesson_name: str, claims, measured: dict[str, dict]) -> list[str]:
    """One line per claim of a lesson step: what it says and how often it held (an entry measured for a claim
    that has changed since, another threshold or window, is not shown as its rate)."""
    lines = []
    for c in claims:
        entry = measured.get(full_id(lesson_name, c.id))
        if entry and entry.get("measures", c.describe()) != c.describe():
            entry = None
        lines.append(f"• {c.text} Measured: {rate_text(entry)}.")
    return lines
