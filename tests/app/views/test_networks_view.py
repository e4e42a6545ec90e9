"""Inside the networks: what each node of the diagrams draws is that layer's output computed directly (a
forward pass written out in numpy from the players' weights), the edges are the strongest weights, and
a click shows the node large with its incoming weights."""

import numpy as np
import pytest
import torch
from pyqtgraph.Qt import QtCore
from pytestqt.qtbot import QtBot

from ganviz.app.session.protocol import Frame
from ganviz.app.views.network_diagram import EDGES_PER_NODE, node_rect
from ganviz.app.views.networks_view import NetworksView
from ganviz.core.neuron_maps import grid_points
from ganviz.core.neurons import players_maps
from ganviz.core.presets import load_preset
from ganviz.core.trainer import Trainer

UNITS = 5


def forward(mlp, pts):
    """Each hidden layer's output and the output of a ReLU MLP without batch norm, by hand in numpy."""
    linears = [m for m in mlp.net if isinstance(m, torch.nn.Linear)]
    params = [(lin.weight.detach().double().numpy(), lin.bias.detach().double().numpy()) for lin in linears]
    h, hidden = pts, []
    for w, b in params[:-1]:
        h = np.maximum(h @ w.T + b, 0.0)
        hidden.append(h)
    w, b = params[-1]
    return hidden, h @ w.T + b, params


def _view(qtbot: QtBot, tr: Trainer) -> tuple[NetworksView, dict]:
    maps, missing = players_maps(tr, UNITS)
    view = NetworksView()
    qtbot.addWidget(view)
    view.resize(1100, 420)
    view.show()
    view.update(Frame(snapshot=None, step=tr.step_count, neurons=maps, neurons_missing=missing))
    return view, maps


@pytest.fixture(scope="module")
def ring():
    tr = Trainer(load_preset("ring-8").with_changes({"hidden": 12}))
    tr.train(20)
    return tr


def test_each_node_of_the_plane_is_its_layer_output_computed_directly(qtbot, ring):
    view, maps = _view(qtbot, ring)
    for player, net, scale in (("G", ring.G, 1.0), ("D", ring.D.body, ring.D.input_scale)):
        m = maps[player]
        pts = grid_points(m.xs, m.ys, net.net[0].in_features)
        hidden, out, params = forward(net, pts * scale)
        diagram = view.diagrams[player]
        shown = [item for item in diagram.images if item.isVisible()]
        outputs = 1 if player == "D" else 2
        assert len(shown) == 2 + UNITS + UNITS + outputs  # inputs, two hidden layers cut to 5, outputs
        columns = view.shown_units(player)
        assert [len(c) for c in columns] == [2, UNITS, UNITS, outputs]
        for layer in (1, 2):
            for node in diagram.nodes[layer]:
                unit = int(node.name.rsplit(" ", 1)[1])
                want = hidden[layer - 1][:, unit].reshape(len(m.ys), len(m.xs))
                np.testing.assert_allclose(node.values, want, rtol=1e-4, atol=1e-5)
                drawn = diagram.images[[n for c in diagram.nodes for n in c].index(node)].image
                np.testing.assert_allclose(drawn, want, rtol=1e-4, atol=1e-5)
        if player == "D":  # D(x): the sigmoid of D's own logits at the grid
            logits = ring.D(torch.as_tensor(grid_points(m.xs, m.ys, 2), dtype=torch.float32)).detach().numpy()
            np.testing.assert_allclose(diagram.nodes[-1][0].values.ravel(), 1 / (1 + np.exp(-logits)), rtol=1e-4)
        # the inputs are the grid's coordinates: x grows along the rows, y down the columns
        x_ramp, y_ramp = diagram.nodes[0][0].values, diagram.nodes[0][1].values
        assert np.all(np.diff(x_ramp, axis=1) > 0) and np.all(np.diff(y_ramp, axis=0) > 0)
        # edges: into every node but the inputs, the 3 strongest of the weights from the column before
        segments = sum(len(item.getData()[0]) // 2 for item in diagram.edges.values() if item.getData()[0] is not None)
        assert segments == sum(min(EDGES_PER_NODE, len(columns[c - 1])) * len(columns[c]) for c in range(1, 4))


def test_a_click_on_a_unit_shows_it_large_with_its_incoming_weights(qtbot, ring):
    view, maps = _view(qtbot, ring)
    diagram, box = view.diagrams["D"], view.boxes["D"]
    node = diagram.nodes[2][3]  # layer 2, the fourth unit shown
    centre = box.mapViewToScene(node_rect(2, 3, len(diagram.nodes[2])).center())
    canvas = box.scene().views()[0]
    qtbot.mouseClick(canvas.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=canvas.mapFromScene(centre))
    qtbot.waitUntil(lambda: view.detail.node is not None and view.detail.node.name == node.name, timeout=10000)
    np.testing.assert_allclose(view.detail.image.image, node.values)
    unit = int(node.name.rsplit(" ", 1)[1])
    weights = ring.D.body.net[2].weight.detach().double().numpy()[unit]  # layer 2's linear, row of that unit
    np.testing.assert_allclose(view.detail.bars.opts["height"], weights, rtol=1e-6)
    assert f"bias {ring.D.body.net[2].bias[unit].item():+.3f}" in view.detail.title.text()
    # the choice holds across frames while the unit stays among those shown
    view.update(Frame(snapshot=None, step=ring.step_count, neurons=maps, neurons_missing={}))
    assert view.detail.node.name == node.name


def test_over_a_line_the_units_of_d_are_curves_beside_d_of_x(qtbot):
    tr = Trainer(load_preset("bimodal-1d").with_changes({"hidden": 10, "activation": "relu"}))
    tr.train(20)
    view, maps = _view(qtbot, tr)
    diagram = view.diagrams["D"]
    assert not any(item.isVisible() for item in diagram.images)
    assert sum(item.isVisible() for item in diagram.curves) == 1 + UNITS + UNITS + 1
    xs = maps["D"].xs
    d = torch.sigmoid(tr.D(torch.as_tensor(xs[:, None], dtype=torch.float32))).detach().numpy()
    # D(x) is chosen at first: drawn large, with the last layer's units shown, each ÷ its largest |value|
    np.testing.assert_allclose(view.detail.d_curve.getData()[1], d, rtol=1e-4, atol=1e-6)
    hidden, _, _ = forward(tr.D.body, xs[:, None] * tr.D.input_scale)
    units = [int(n.name.rsplit(" ", 1)[1]) for n in diagram.nodes[2]]
    drawn = [item.getData()[1] for item in view.detail.units
             if item.getData()[1] is not None and len(item.getData()[1])]
    assert len(drawn) == UNITS
    for got, unit in zip(drawn, units, strict=True):
        column = hidden[1][:, unit]
        top = np.abs(column).max()
        np.testing.assert_allclose(got, column / top if top > 0 else column, rtol=1e-4, atol=1e-6)


def test_a_gmn_draws_g_and_says_why_there_is_no_d(qtbot):
    tr = Trainer(load_preset("bimodal-1d-gmn").with_changes({"hidden": 6}))
    view, _ = _view(qtbot, tr)
    assert not view.canvases["D"].isVisible() and view.canvases["G"].isVisible()
    assert "no discriminator" in view.note.text()
    assert view.detail.node.player == "G" and view.detail.node.name == "G(z)"
