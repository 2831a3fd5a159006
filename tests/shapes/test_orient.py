"""Which way round a layered matrix is written (derive/shapes/orient.py): the layer convention
unless the definitions index it from the earlier layer; a count family indexed by a layer is that
layer's width (derive/shapes/layout.py)."""

from __future__ import annotations

import sympy

from derive.prepared import prepare
from derive.shapes.infer import SizeModel
from derive.shapes.orient import neighbour_clashes
from derive.shapes.unify import Width
from tests.conftest import make_claim

INPUT_FIRST = "h_q^m = \\sum_{p=1}^{K_{m-1}} v_{pq}^m o_p^{m-1} + c_q^m"
OUTPUT_FIRST = "h_q^m = \\sum_{p} v_{qp}^m o_p^{m-1} + c_q^m"
SPECS = {"m": "layer", "K": "count"}


def _model(latex: str, given: str) -> tuple[SizeModel, sympy.Symbol]:
    p = prepare(make_claim(latex, given=(given,), symbols=SPECS))
    exprs = [s.expr for s in p.statement.sides]
    return p.model.size_model(exprs), p.names.layer_symbol("m")


def test_definition_indexing_from_the_earlier_layer_flips_the_matrix() -> None:
    m, layer = _model("\\frac{\\partial h_q^m}{\\partial o_p^{m-1}} = v_{pq}^m", INPUT_FIRST)
    assert m.layout is not None and m.layout.flipped == {"v[]"}
    assert m.shapes["v"] == (Width(layer - 1), Width(layer))
    assert neighbour_clashes(m) == 0


def test_the_convention_is_kept_when_the_writing_fits_it() -> None:
    m, layer = _model("\\frac{\\partial h_q^m}{\\partial o_p^{m-1}} = v_{qp}^m", OUTPUT_FIRST)
    assert m.layout is not None and m.layout.flipped == frozenset()
    assert m.shapes["v"] == (Width(layer), Width(layer - 1))


def test_the_definitions_decide_against_the_claim() -> None:
    # the claim indexes v the convention's way, its definition the other way: the definition
    # fixes the notation, and the claim's own clash is left to the checks (refuted)
    m, _ = _model("\\frac{\\partial h_q^m}{\\partial o_p^{m-1}} = v_{qp}^m", INPUT_FIRST)
    assert m.layout is not None and m.layout.flipped == {"v[]"}
    assert neighbour_clashes(m) > 0


def test_a_layer_indexed_count_is_the_width_of_that_layer() -> None:
    claim = make_claim(
        "\\frac{\\partial h_q^m}{\\partial o_p^{m-1}} = v_{pq}^m",
        given=(INPUT_FIRST,),
        symbols=SPECS,
    )
    p = prepare(claim)
    exprs = [s.expr for s in p.statement.sides]
    m = p.model.size_model(exprs)
    layer = p.names.layer_symbol("m")
    assert m.layout is not None and m.layout.widths == {"K"}
    assert m.layout.width_of(sympy.IndexedBase("K")[layer - 1]) == layer - 1
    # K_{m-1} is no size to draw: its value is the width of the layer in each instance
    assert all("K" not in str(s) for s in p.model.sizes(exprs))
