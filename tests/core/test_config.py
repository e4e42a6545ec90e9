"""The config: defaults, validation messages, JSON round trip, live vs reset keys."""

import json
import math

import pytest

from ganviz.core import presets
from ganviz.core.config import (
    Config,
    base_specs,
    check_value,
    default_config,
    from_dict,
    from_json,
    key_specs,
    needs_reset,
    parse_text,
)
from ganviz.core.errors import ConfigError
from ganviz.core.presets import list_presets, load_preset, preset_names, preset_speed

ISSUE_KEYS = ("target", "method", "discriminator", "loss", "clip", "regularizer", "reg_weight", "update",
              "d_steps", "g_steps", "lr_g", "lr_d", "optimizer_g", "optimizer_d", "batch_size", "latent",
              "latent_dim", "hidden_g", "layers_g", "activation_g", "hidden_d", "layers_d", "activation_d",
              "d_input_scale", "batchnorm", "mmd_bandwidths", "kde_bandwidth",
              "seed", "log_every", "dirac.theta0", "dirac.psi0")


def test_every_public_key_exists_with_help():
    specs = base_specs()
    for key in ISSUE_KEYS:
        assert key in specs, key
        assert specs[key].help
    assert specs["loss"].choices == ("minimax", "nonsaturating", "absolute", "least-squares", "wasserstein",
                                     "hinge")
    assert specs["regularizer"].choices == ("none", "r1", "r2", "wgan-gp", "instance-noise", "consensus")


def test_json_round_trip_is_exact():
    cfg = default_config().with_changes({"lr_g": 3e-4, "target": "ring", "target.radius": 1.5,
                                         "mmd_bandwidths": [0.1, 1.0], "batchnorm": True})
    again = from_json(cfg.to_json())
    assert again == cfg
    assert again.to_dict()["target.radius"] == 1.5


@pytest.mark.parametrize("key,value", [
    ("lr_g", -1e-3), ("lr_d", float("nan")), ("batch_size", 0), ("batch_size", 2.5), ("loss", "l2"),
    ("batchnorm", "yes"), ("lr_g", True), ("mmd_bandwidths", []), ("mmd_bandwidths", [1.0, -2.0]),
    ("d_steps", 1000), ("seed", -1), ("target", "moon"), ("kde_bandwidth", math.inf),
])
def test_bad_values_are_refused_naming_the_key(key, value):
    with pytest.raises(ConfigError) as info:
        default_config().with_changes({key: value})
    assert info.value.key == key or (key == "target" and info.value.key == "target")
    assert "accepted" in str(info.value) or "must be" in str(info.value)


def test_unknown_key_lists_what_is_accepted():
    with pytest.raises(ConfigError) as info:
        from_dict({"learning_rate": 0.1})
    assert info.value.key == "learning_rate"
    assert "lr_g" in info.value.message


def test_malformed_json_names_the_line():
    with pytest.raises(ConfigError) as info:
        from_json('{"lr_g": 0.1,\n "seed": }')
    assert "line 2" in info.value.message


def test_changing_target_resets_its_parameters():
    cfg = default_config().with_changes({"target": "gaussian", "target.std": 3.0})
    assert cfg.target_params["std"] == 3.0
    ring = cfg.with_changes({"target": "ring"})
    assert "std" in ring.target_params and ring.target_params["std"] == 0.02


def test_architecture_needs_reset_but_rates_do_not():
    cfg = default_config()
    assert needs_reset(cfg, cfg.with_changes({"lr_g": 0.01, "loss": "least-squares", "discriminator": "oracle"})) == []
    assert needs_reset(cfg, cfg.with_changes({"hidden_g": 32, "lr_g": 0.01})) == ["hidden_g"]
    assert needs_reset(cfg, cfg.with_changes({"hidden": 32})) == ["hidden_d", "hidden_g"]
    assert set(needs_reset(cfg, cfg.with_changes({"latent_dim": 2, "seed": 5}))) == {"latent_dim", "seed"}


def test_parse_text_per_type():
    specs = key_specs()
    assert parse_text(specs["batchnorm"], "true") is True
    assert parse_text(specs["mmd_bandwidths"], "0.2,1") == [0.2, 1.0]
    assert parse_text(specs["batch_size"], "64") == 64
    with pytest.raises(ConfigError):
        parse_text(specs["lr_g"], "fast")
    with pytest.raises(ConfigError):
        check_value(specs["batch_size"], parse_text(specs["batch_size"], "1.5"))


def test_presets_load_and_the_required_ones_exist():
    names = preset_names()
    for required in ("gaussian-1d", "bimodal-1d", "bimodal-1d-oracle", "bimodal-1d-gmn", "ring-8", "grid-25",
                     "dirac-gan"):
        assert required in names
    for name, description in list_presets():
        assert description and "\n" not in description
        assert isinstance(load_preset(name), Config)


def test_a_preset_opens_at_its_speed_and_a_bad_speed_is_named(monkeypatch):
    assert preset_speed("dirac-gan") == 0.25  # slow motion: one step every 4 frames
    assert all(preset_speed(n) == math.inf for n in preset_names() if n != "dirac-gan")
    for bad in (0, -1, "fast", True, None):
        monkeypatch.setattr(presets, "read_preset_file", lambda name, b=bad: {"speed": b, "config": {}})
        with pytest.raises(ConfigError, match=r"^speed: preset 'x': speed must be a positive number"):
            preset_speed("x")


def test_dirac_preset_matches_the_issue():
    cfg = load_preset("dirac-gan")
    assert (cfg.dirac.theta0, cfg.dirac.psi0, cfg.lr_g, cfg.lr_d) == (1.0, 1.0, 0.2, 0.2)
    assert cfg.optimizer_g == cfg.optimizer_d == "sgd" and cfg.momentum == 0
    assert json.loads(cfg.to_json())["dirac.theta0"] == 1.0


def test_a_paired_key_sets_both_players_and_a_players_own_key_wins():
    both = from_dict({"hidden": 32, "layers": 3, "activation": "tanh"})
    assert (both.hidden_g, both.hidden_d, both.layers_g, both.layers_d) == (32, 32, 3, 3)
    assert both.activation_g == both.activation_d == "tanh"
    for order in ({"hidden_d": 16, "hidden": 32}, {"hidden": 32, "hidden_d": 16}):
        cfg = from_dict(order)
        assert (cfg.hidden_g, cfg.hidden_d) == (32, 16)
    written = both.to_dict()
    assert "hidden" not in written and written["hidden_g"] == written["hidden_d"] == 32
    assert from_json(both.to_json()) == both
    with pytest.raises(ConfigError) as e:
        from_dict({"hidden": 0})
    assert e.value.key == "hidden_g" and "an integer in [1, 1024]" in e.value.message


def test_an_experiment_saved_with_the_shared_keys_still_loads():
    old = {"target": "ring", "hidden": 128, "layers": 2, "activation": "relu", "latent_dim": 2}
    cfg = from_dict(old)
    assert (cfg.hidden_g, cfg.hidden_d, cfg.activation_g, cfg.activation_d) == (128, 128, "relu", "relu")


def test_the_oracle_refuses_a_critics_loss_and_names_the_ones_it_takes():
    oracle = load_preset("bimodal-1d-oracle")
    for loss in ("wasserstein", "hinge"):
        with pytest.raises(ConfigError) as info:
            oracle.with_changes({"loss": loss})
        assert info.value.key == "loss" and "a probability, not a critic's score" in str(info.value)
        assert "minimax, nonsaturating, absolute, least-squares" in str(info.value)
    assert oracle.with_changes({"loss": "nonsaturating"}).loss == "nonsaturating"
    assert load_preset("ring-8-wgan-gp").with_changes({"discriminator": "learned"}).loss == "wasserstein"
