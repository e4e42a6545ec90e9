"""The window offers every method of the host API that parts such as the lessons are written against."""

import inspect

from ganviz.app.host import Host
from ganviz.app.window import MainWindow


def test_the_main_window_implements_every_host_method_with_its_parameters():
    methods = {name: f for name, f in vars(Host).items() if inspect.isfunction(f) and not name.startswith("_")}
    assert len(methods) > 10  # the Protocol's methods were found
    for name, declared in methods.items():
        implemented = getattr(MainWindow, name, None)
        assert callable(implemented), f"MainWindow has no {name}"
        assert list(inspect.signature(implemented).parameters) == list(inspect.signature(declared).parameters), name
