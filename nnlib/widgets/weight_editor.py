"""Weights set by hand: a menu of a network's edges, a box for the value, a "set" button.

``WeightEditor(explorer, set_weight)`` adds the controls ``edge`` (the menu),
``weight`` (the value box) and ``set_weight`` (the button) to an explorer; none of
them is part of its state. Choosing an edge shows its weight in the box (and the
explorer redraws, to mark it); "set" calls ``set_weight(layer, i, j, w)``.
"""

import ipywidgets as widgets

from .. import features as feats


class WeightEditor:
    """The edge menu and value box of an explorer that shows a network (``explorer.run.net``).

    ``edge`` is the chosen edge ``(layer, i, j)`` (weight ``W[i, j]`` of ``layer``, 0 = next to
    the inputs), or None. Call ``network_changed(run)`` when the run is replaced: the menu is
    rebuilt only when the network's shape changed.
    """

    def __init__(self, explorer, set_weight):
        self.explorer, self._set_weight = explorer, set_weight
        self.edge_choice = widgets.Dropdown(description="weight", options=[("(none)", None)],
                                            layout=widgets.Layout(width="250px"))
        self.edge_choice.observe(lambda _c: explorer._guarded(self._edge_chosen), names="value")
        explorer.add_control("edge", self.edge_choice, state=False)
        self.weight_box = widgets.FloatText(description="value", step=0.1,
                                            layout=widgets.Layout(width="180px"))
        explorer.add_control("weight", self.weight_box, state=False)
        explorer.button("set_weight", "set", self._set_from_box, icon="pencil")
        self._shape = None           # (features, layer sizes) the menu lists

    @property
    def edge(self):
        return self.edge_choice.value

    def network_changed(self, run):
        """List the edges of ``run.net`` (each rebuild of the menu sends every option to the
        page, which redraws it: so only when the shape changed); choose none."""
        net = run.net
        shape = (run.features, None if net is None else tuple(net.sizes))
        with self.explorer._hold():
            if shape != self._shape:
                self._shape = shape
                self.edge_choice.options = edge_options(run.features, net)
            self.edge_choice.value = None

    def _edge_chosen(self):
        run = self.explorer.run
        if self.edge is not None and run is not None and run.net is not None:
            k, i, j = self.edge
            self.weight_box.value = round(float(run.net.layers[k].W[i, j]), 4)
        if not self.explorer._holding:
            self.explorer.refresh()           # only the mark on the edge changes

    def _set_from_box(self):
        if self.edge is not None:
            self._set_weight(*self.edge, self.weight_box.value)


def edge_options(features, net):
    """The menu's (label, (layer, i, j)) pairs: "x₁ → 1.1" … "2.3 → output"; neurons are
    counted from 1 as a learner counts them, indices from 0 as Python does."""
    options = [("(none)", None)]
    if net is None:
        return options
    names = [feats.LABELS[f] for f in features]
    for k, layer in enumerate(net.layers):
        top = k == len(net.layers) - 1
        for i in range(layer.W.shape[0]):
            for j in range(layer.W.shape[1]):
                src = names[j] if k == 0 else f"{k}.{j + 1}"
                dst = "output" if top else f"{k + 1}.{i + 1}"
                options.append((f"{src} → {dst}", (k, i, j)))
    return options
