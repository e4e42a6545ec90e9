"""The settings panel and the transport buttons, generated from the config's field metadata."""

from ganviz.app.controls.fields import Field, make_field
from ganviz.app.controls.panel import ControlsPanel
from ganviz.app.controls.relevance import inactive_reason
from ganviz.app.controls.transport import SPEEDS, TransportControls

__all__ = ["ControlsPanel", "Field", "SPEEDS", "TransportControls", "inactive_reason", "make_field"]
