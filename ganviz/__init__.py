"""ganviz: a visual simulator of adversarial training."""

__version__ = "0.1.0"
