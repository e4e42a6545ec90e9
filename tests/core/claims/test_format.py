"""The claim format: what a valid claim reads as, and a clear message naming each bad field."""

import pytest

from ganviz.core.claims.format import ClaimError, parse_claim, parse_claims
from ganviz.core.config import from_dict
from ganviz.core.presets import load_preset

RING = load_preset("ring-8")  # logs every 250 steps
GAUSSIAN = from_dict({"target": "gaussian", "log_every": 100})


def share(**over):
    raw = {"id": "converges", "text": "W1 stays small", "series": "w1_rel", "op": "<", "value": 0.1,
           "where": "share", "share": 0.8, "from": 5000, "to": 20000}
    raw.update(over)
    return raw


def test_a_share_claim_reads_back():
    c = parse_claim(share(), "claims[0]", GAUSSIAN)
    assert (c.id, c.series, c.op, c.value, c.where, c.first, c.last, c.share) == \
        ("converges", "w1_rel", "<", 0.1, "share", 5000, 20000, 0.8)
    assert c.steps == 20000
    assert c.describe() == "w1_rel < 0.1 at ≥ 80% of steps 5000–20000"
    assert c.passes(0.05) and not c.passes(0.1) and not c.passes(float("nan"))


def test_at_and_trend_claims():
    at = parse_claim({"id": "covers", "text": "t", "series": "modes", "op": ">=", "value": 7, "where": "at",
                      "step": 10000}, "c", RING)
    assert (at.first, at.last, at.steps) == (10000, 10000, 10000)
    assert at.passes(7) and not at.passes(6)
    trend = parse_claim({"id": "grows", "text": "t", "series": "w1", "op": ">", "value": 0, "where": "trend",
                         "from": 0, "to": 1000}, "c", RING)
    assert (trend.first, trend.last) == (0, 1000)


@pytest.mark.parametrize("change, key, words", [
    ({"where": "always"}, "claims[0].where", "must be one of share, at, trend"),
    ({"op": "=="}, "claims[0].op", "must be one of <, <=, >, >="),
    ({"series": "modes"}, "claims[0].series", "'modes' is not recorded for target gaussian"),
    ({"series": "radius"}, "claims[0].series", "accepted: w1_rel, w1, jsd"),
    ({"value": "small"}, "claims[0].value", "must be a finite number"),
    ({"value": float("nan")}, "claims[0].value", "must be a finite number"),
    ({"share": 1.5}, "claims[0].share", "must be a share in (0, 1]"),
    ({"share": 0}, "claims[0].share", "must be a share in (0, 1]"),
    ({"from": 5050}, "claims[0].from", "step 5050 is not a record: the run records every 100 steps"),
    ({"to": 4000}, "claims[0].to", "must be after from (5000), got 4000"),
    ({"to": -1}, "claims[0].to", "must be a step number from 0"),
    ({"to": 2.5}, "claims[0].to", "must be a step number"),
    ({"id": "Has Spaces"}, "claims[0].id", "lower-case letters, digits and '-'"),
    ({"text": " "}, "claims[0].text", "must be a non-empty text"),
    ({"step": 100}, "claims[0].step", "unknown field for where = share; accepted: id, text, series"),
])
def test_a_bad_field_is_named_with_what_is_accepted(change, key, words):
    with pytest.raises(ClaimError) as e:
        parse_claim(share(**change), "claims[0]", GAUSSIAN)
    assert e.value.key == key
    assert words in e.value.message


def test_a_missing_field_is_named():
    raw = share()
    del raw["share"]
    with pytest.raises(ClaimError) as e:
        parse_claim(raw, "claims[0]", GAUSSIAN)
    assert e.value.key == "claims[0].share" and "is missing" in e.value.message


def test_a_trend_needs_five_records():
    raw = {"id": "grows", "text": "t", "series": "w1", "op": ">", "value": 0, "where": "trend", "from": 0,
           "to": 300}
    with pytest.raises(ClaimError, match="at least 5 records"):
        parse_claim(raw, "c", GAUSSIAN)


def test_ids_are_unique_and_the_list_is_a_list():
    with pytest.raises(ClaimError) as e:
        parse_claims([share(), share()], "claims", GAUSSIAN)
    assert e.value.key == "claims[1].id" and "used twice" in e.value.message
    with pytest.raises(ClaimError, match="must be a list of claims"):
        parse_claims({"id": "x"}, "claims", GAUSSIAN)
