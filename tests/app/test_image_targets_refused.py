"""Until the image page exists, the window offers no image target and refuses one by name, saying how to run it."""

import pytest

from ganviz.app.launch import _initial_config
from ganviz.core.config import check_window, window_targets
from ganviz.core.errors import ConfigError
from ganviz.core.presets import load_preset, preset_names, window_presets
from ganviz.core.targets import TARGETS


def test_the_window_offers_every_target_and_preset_but_the_images():
    assert set(window_targets()) == set(TARGETS) - {"digits", "digits-7"}
    shown = {name for name, _ in window_presets()}
    assert shown == {n for n in preset_names() if not n.startswith("digits")}
    assert {"digits", "digits-7", "digits-mlp"} <= set(preset_names())


@pytest.mark.parametrize("preset", ["digits", "digits-7", "digits-mlp"])
def test_an_image_preset_is_refused_with_the_command_that_runs_it(preset):
    with pytest.raises(ConfigError) as err:
        _initial_config(preset, None, settings=None)
    assert err.value.key == "target" and "ganviz run --preset digits" in err.value.message
    check_window(load_preset("ring-8"))  # the others pass
