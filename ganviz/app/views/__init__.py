"""Widgets that draw snapshots and histories; each is built once and fed with `update(data)`."""

from ganviz.app.views.density_1d import Density1DView
from ganviz.app.views.density_2d import Density2DView
from ganviz.app.views.dirac_plane import DiracPlane
from ganviz.app.views.field_2d import Field2DView
from ganviz.app.views.history_plots import LossPlot, MetricsPlot
from ganviz.app.views.mapping_strip import MappingStrip
from ganviz.app.views.transform_plot import TransformPlot

__all__ = ["Density1DView", "Density2DView", "DiracPlane", "Field2DView", "LossPlot", "MappingStrip",
           "MetricsPlot", "TransformPlot"]
