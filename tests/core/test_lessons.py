"""Lesson files: the built-ins load, bad files are refused naming the field; lesson 7 and 10's numbers."""

import json

import numpy as np
import pytest

from ganviz.core.config import default_config
from ganviz.core.errors import ConfigError
from ganviz.core.lessons import VIEWS, LessonError, builtin_lessons, load_lesson, parse_lesson
from ganviz.core.loss_curves import generator_loss_curves, mean_d_at, rounded_frequencies, rounding_gradient
from ganviz.core.presets import load_preset

ISSUE_ORDER = ["inverse transform", "rejection sampling", "transform function", "generative matching",
               "ideal case", "indirect method", "losses", "non-convergence", "mode collapse", "discrete outputs",
               "inverting the generator", "dcgan", "digits"]


def step(**fields):
    return {"title": "a step", "text": "some words", **fields}


def lesson(*steps, **fields):
    return {"title": "a lesson", "steps": list(steps) or [step()], **fields}


def test_the_thirteen_builtin_lessons_load_in_the_issues_order():
    paths = builtin_lessons()
    assert len(paths) == 13
    for number, (path, words) in enumerate(zip(paths, ISSUE_ORDER, strict=True), start=1):
        loaded = load_lesson(path)  # raises, naming the field, if any step is bad
        assert loaded.title.startswith(f"{number}. ")
        assert words in loaded.title.lower()
        assert len(loaded.steps) >= 2
        assert all(len(s.text) > 80 for s in loaded.steps)


def test_lessons_use_the_features_they_teach():
    by_number = {int(p.name[:2]): load_lesson(p) for p in builtin_lessons()}
    assert {s.sampler["method"] for s in by_number[2].steps} == {"rejection", "metropolis"}
    assert by_number[5].steps[0].config.discriminator == "oracle"
    assert "loss_curves" in by_number[7].steps[0].show
    assert by_number[8].steps[-1].config.regularizer == "r1" and by_number[8].steps[0].config.target == "dirac"
    collapse, packed, unrolled = by_number[9].steps[1:4]
    assert collapse.config.pack == 1 and packed.config.pack > 1  # each remedy is the only difference
    assert packed.config.with_changes({"pack": 1}) == collapse.config
    assert collapse.config.unroll_steps == 0 and unrolled.config.unroll_steps > 0
    assert unrolled.config.with_changes({"unroll_steps": 0}) == collapse.config
    assert by_number[10].steps[0].config.target == "discrete"
    *plane, images = by_number[11].steps
    assert all(s.invert for s in plane) and images.config.image  # the image's code: the image page's own tab
    prescribed, *changed, ring = by_number[12].steps
    assert prescribed.config == load_preset("digits")
    for one, change in zip(changed, ({"batchnorm": True}, {"activation_g": "relu", "activation_d": "leaky_relu"},
                                     {"beta1": 0.5}, {"optimizer_g": "adam", "optimizer_d": "adam"}), strict=True):
        assert one.config != prescribed.config and one.config.with_changes(change) == prescribed.config
    assert ring.config.target == "ring" and ring.config.batchnorm
    point, transform, sevens, gmn, copies = by_number[13].steps
    assert point.config.target == transform.config.target == copies.config.target == "digits" and not point.play
    assert sevens.config.target == "digits-7"
    assert gmn.config.method == "gmn" and gmn.config.target == "digits"


def test_steps_resolve_preset_then_keys_over_the_previous_step():
    loaded = parse_lesson(lesson(step(preset="gaussian-1d", config={"lr_g": 0.01}),
                                 step(config={"loss": "minimax"}),
                                 step(config={"hidden": 16})))
    first, second, third = loaded.steps
    assert first.config == load_preset("gaussian-1d").with_changes({"lr_g": 0.01}) and first.reset
    assert second.config == first.config.with_changes({"loss": "minimax"})
    assert not second.reset  # a live change: training carries on
    assert third.reset  # hidden needs a reset
    assert first.show == ("strip", "transform", "losses", "metrics") and not first.play


def test_a_sampler_step_shows_the_sampler_and_fills_its_defaults():
    loaded = parse_lesson(lesson(step(config={"target": "gaussian"}, show=[], sampler={"method": "rejection"})))
    s = loaded.steps[0]
    assert s.show == ("sampler",)
    assert s.sampler == {"method": "rejection", "width": 1.0, "start": None, "per_frame": 5, "seed": 0}


@pytest.mark.parametrize("data,key,words", [
    ([], "lesson", "must be a JSON object"),
    ({"steps": [step()]}, "title", "non-empty text"),
    (lesson(colour="red"), "colour", "unknown field; accepted: format, title"),
    ({"title": "t", "steps": []}, "steps", "non-empty list"),
    (lesson(step(), step(config={"lr_g": -1})), "steps[1].config.lr_g", "must be a number in [1e-07, 10000]"),
    (lesson(step(config={"lr": 1})), "steps[0].config.lr", "unknown key"),
    (lesson(step(config={"target.std": 0})), "steps[0].config.target.std", "must be a number"),
    (lesson(step(preset="ring-9")), "steps[0].preset", "unknown preset 'ring-9'"),
    (lesson(step(config=[1, 2])), "steps[0].config", "must be an object of config keys"),
    (lesson(step(show=["density_3d"])), "steps[0].show", "must be a list of views from strip"),
    (lesson(step(layers={"glow": True})), "steps[0].layers.glow", "layers are true, generated"),
    (lesson(step(layers={"gap": "yes"})), "steps[0].layers.gap", "each true or false"),
    (lesson(step(play="yes")), "steps[0].play", "must be true or false"),
    (lesson(step(run_steps=0)), "steps[0].run_steps", "must be an integer in [1, 1e+07]"),
    (lesson(step(sampler={"method": "gibbs"})), "steps[0].sampler.method", "must be one of inverse"),
    (lesson(step(preset="ring-8", sampler={"method": "inverse"})), "steps[0].sampler", "needs a 1-D target"),
    (lesson(step(text="")), "steps[0].text", "non-empty text"),
    (lesson(step(speed=3)), "steps[0].speed", "unknown field; accepted: title, text, preset"),
    (lesson(step(config={"target": "dirac", "method": "gmn"})), "steps[0].config.method", "Dirac-GAN"),
])
def test_bad_lessons_are_refused_naming_the_field(data, key, words):
    with pytest.raises(LessonError) as info:
        parse_lesson(data, source="mine.json")
    assert info.value.key == key
    assert words in info.value.message and "(in mine.json)" in info.value.message
    assert isinstance(info.value, ConfigError)  # the CLI and the app already show these as one line


def test_bad_files_are_refused_with_the_file_named(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"title": "x",\n "steps": [}')
    with pytest.raises(LessonError, match=r"broken.json is not valid JSON \(line 2"):
        load_lesson(broken)
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(LessonError, match="not UTF-8"):
        load_lesson(binary)
    with pytest.raises(LessonError, match="cannot read"):
        load_lesson(tmp_path / "missing.json")
    good = tmp_path / "good.json"
    good.write_text(json.dumps(lesson(step(config={"target": "laplace"}))))
    assert load_lesson(good).steps[0].config.target == "laplace"


def test_views_named_in_lessons_are_known():
    assert set(VIEWS) >= {"sampler", "loss_curves", "rounding", "strip", "transform", "losses", "metrics"}
    assert default_config().dim == 1


# ----- lesson 7: loss and gradient against D(G(z)); lesson 10: rounding -------------------------
def test_generator_gradients_through_the_logit_match_their_closed_forms():
    c = generator_loss_curves(n=101)
    d = c["d"]
    np.testing.assert_allclose(c["minimax"], np.log(1 - d), rtol=1e-10)
    np.testing.assert_allclose(c["nonsaturating"], -np.log(d), rtol=1e-10)
    np.testing.assert_allclose(c["absolute"], 1 - d, rtol=1e-10)
    np.testing.assert_allclose(c["grad_minimax"], -d, rtol=1e-9)  # vanishes as D(G(z)) → 0: saturation
    np.testing.assert_allclose(c["grad_nonsaturating"], -(1 - d), rtol=1e-9)
    np.testing.assert_allclose(c["grad_absolute"], -d * (1 - d), rtol=1e-9)


def test_rounding_passes_no_gradient_and_its_frequencies_add_up():
    x = np.array([-0.3, 0.2, 0.7, 1.49, 2.51])
    g = rounding_gradient(x)
    np.testing.assert_array_equal(g["round"], 0.0)
    np.testing.assert_array_equal(g["identity"], 1.0)
    freq = rounded_frequencies(x, np.arange(0, 4))
    np.testing.assert_allclose(freq, [2 / 5, 2 / 5, 0, 1 / 5])


def test_mean_d_reads_d_at_the_samples():
    grid = np.linspace(-1, 1, 201)
    assert mean_d_at(np.array([[-0.5], [0.5]]), grid, (grid + 1) / 2) == pytest.approx(0.5)
    assert np.isnan(mean_d_at(np.zeros((3, 1)), grid, np.full(201, np.nan)))
