"""Judging a claim on a history: each figure counted by hand."""

import math

import numpy as np

from ganviz.core.claims.format import parse_claim
from ganviz.core.claims.judge import judge, scale_of
from ganviz.core.config import from_dict

CFG = from_dict({"target": "bimodal", "log_every": 100})


def claim(**raw):
    base = {"id": "c", "text": "t", "series": "w1", "op": "<", "value": 0.5}
    return parse_claim({**base, **raw}, "c", CFG)


def history(values, every=100):
    return {"step": [i * every for i in range(len(values))], "w1": list(values)}


def test_share_counts_the_records_inside_the_window():
    h = history([9, 9, 0.1, 0.2, 0.9, 0.3, 0.4, 9])  # steps 0..700
    c = claim(where="share", share=0.75, **{"from": 200, "to": 600})  # records 0.1 0.2 0.9 0.3 0.4
    assert judge(c, h, 1.0, 100) == (4 / 5, True)
    assert judge(claim(where="share", share=0.9, **{"from": 200, "to": 600}), h, 1.0, 100) == (0.8, False)


def test_records_a_diverged_run_never_made_count_as_failed():
    h = history([0.1, 0.1, 0.1])  # stopped at step 200
    c = claim(where="share", share=0.5, **{"from": 0, "to": 500})
    assert judge(c, h, 1.0, 100) == (0.5, True)  # 3 of the 6 records
    assert judge(claim(where="at", step=500), h, 1.0, 100)[1] is False


def test_at_reads_the_record_at_its_step_and_nan_fails():
    h = history([1.0, 0.4, float("nan")])
    assert judge(claim(where="at", step=100), h, 1.0, 100) == (0.4, True)
    figure, holds = judge(claim(where="at", step=200), h, 1.0, 100)
    assert math.isnan(figure) and not holds


def test_trend_is_the_change_of_the_medians_of_the_first_and_last_fifths():
    values = np.arange(10.0) ** 2  # 10 records: fifths of 2
    c = claim(where="trend", op=">", value=40, **{"from": 0, "to": 900})
    figure, holds = judge(c, history(values), 1.0, 100)
    assert figure == np.median([64, 81]) - np.median([0, 1]) == 72.0 and holds


def test_w1_rel_divides_by_the_target_scale():
    c = parse_claim({"id": "c", "text": "t", "series": "w1_rel", "op": "<", "value": 0.1, "where": "at",
                     "step": 0}, "c", CFG)
    assert judge(c, history([0.5]), 2.0, 100) == (0.25, False)
    assert scale_of([3.0, 4.0]) == math.sqrt((9 + 16) / 2)
    assert scale_of(2.0) == 2.0
