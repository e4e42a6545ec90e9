"""What a lesson step shows of its claims' shipped measurements."""

import json

from ganviz.core.claims import measured
from ganviz.core.claims.format import parse_claim
from ganviz.core.config import from_dict


def test_rate_text_counts_the_seeds_that_held():
    entry = {"claim": "l.c", "seeds": list(range(1000, 1010)), "holds": [True] * 9 + [False]}
    assert measured.rate_text(entry) == "holds in 9 of 10 seeds (seeds 1000–1009)"
    assert measured.rate_text({"seeds": [3, 8], "holds": [True, False]}) == "holds in 1 of 2 seeds (seeds 3, 8)"
    assert measured.rate_text(None) == "not measured yet"


def test_step_lines_name_each_claim_and_its_rate():
    c = parse_claim({"id": "c", "text": "It converges.", "series": "w1", "op": "<", "value": 1, "where": "at",
                     "step": 100}, "c", from_dict({}))
    lines = measured.step_measurements("lesson", [c], {"lesson.c": {"seeds": [1, 2], "holds": [True, True]}})
    assert lines == ["• It converges. Measured: holds in 2 of 2 seeds (seeds 1, 2)."]


def test_a_rate_measured_for_an_older_form_of_the_claim_is_not_shown():
    c = parse_claim({"id": "c", "text": "It converges.", "series": "w1", "op": "<", "value": 1, "where": "at",
                     "step": 1500}, "c", from_dict({}))
    older = {"seeds": [1, 2], "holds": [True, False], "measures": "w1 < 1 at step 1000"}
    assert measured.step_measurements("lesson", [c], {"lesson.c": older}) == [
        "• It converges. Measured: not measured yet."]
    same = {**older, "measures": c.describe()}
    assert measured.step_measurements("lesson", [c], {"lesson.c": same}) == [
        "• It converges. Measured: holds in 1 of 2 seeds (seeds 1, 2)."]


def test_the_shipped_file_is_read_and_a_broken_one_is_ignored(tmp_path, monkeypatch):
    (tmp_path / "claims").mkdir()
    monkeypatch.setattr(measured, "assets_dir", lambda: tmp_path)
    assert measured.load_measured() == {}
    (tmp_path / "claims" / "measured.json").write_text(json.dumps([{"claim": "a.b", "holds": [True]}, 5]))
    assert list(measured.load_measured()) == ["a.b"]
    (tmp_path / "claims" / "measured.json").write_text("{not json")
    assert measured.load_measured() == {}
