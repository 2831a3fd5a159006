"""Sizes tied per instance (derive/shapes/solve.py)."""

from __future__ import annotations

import sympy

from derive.shapes.infer import SizeModel
from derive.shapes.solve import index_size, tie
from derive.shapes.unify import Slot, Width, width_symbol

L = sympy.Symbol("L", integer=True)
n, m, r = (sympy.Symbol(x, integer=True, positive=True) for x in "nmr")
i = sympy.Symbol("i")


def _model(
    *classes: frozenset[object], declared: frozenset[sympy.Symbol] = frozenset()
) -> SizeModel:
    return SizeModel(tuple(classes), {}, {}, declared)  # type: ignore[arg-type]


def _network(last: int) -> dict[sympy.Symbol, int]:
    env = {width_symbol(k): 2 + k % 2 for k in range(last + 1)}
    return {**env, L: last, n: 4, m: 5, r: 6}


def test_a_size_name_takes_the_width_of_its_layer() -> None:
    out = tie(_model(frozenset({r, Width(L), Slot("y", 0)})), _network(3), L)
    assert out[r] == out[width_symbol(3)] == 3
    assert out[n] == 4  # untouched


def test_a_number_fixes_a_size_name() -> None:
    out = tie(_model(frozenset({n, sympy.Integer(3), Slot("x", 0)})), {n: 4}, L)
    assert out[n] == 3


def test_two_size_names_the_author_wrote_apart_stay_distinct() -> None:
    out = tie(_model(frozenset({n, m})), {n: 4, m: 5}, L)
    assert (out[n], out[m]) == (4, 5)


def test_two_layer_widths_are_not_made_equal() -> None:
    env = _network(3)
    out = tie(_model(frozenset({n, Width(L), Width(L - 1)})), env, L)
    assert out == env


def test_a_declared_size_on_a_definitions_generic_layer_is_every_width() -> None:
    own = sympy.Dummy("l", integer=True)
    model = _model(frozenset({n, Width(own), Width(own - 1)}), declared=frozenset({n}))
    out = tie(model, _network(2), L)
    assert {out[width_symbol(k)] for k in range(3)} == {out[n]} == {2}


COUNT = sympy.Symbol("#i", integer=True, positive=True)  # the bound of a sum without limits


def test_a_sum_without_limits_runs_over_the_size_its_slots_have() -> None:
    # \\sum_i w_i x_i beside y = \\sum_{i=1}^{n} w_i x_i: #i is n, not a size of its own
    out = tie(_model(frozenset({n, COUNT, Slot("w", 0)})), {n: 4, COUNT: 2}, L)
    assert out[COUNT] == out[n] == 4


def test_a_sum_without_limits_over_a_layer_takes_its_width() -> None:
    out = tie(_model(frozenset({COUNT, Width(L), Slot("a", 0)})), {**_network(3), COUNT: 5}, L)
    assert out[COUNT] == out[width_symbol(3)] == 3


def test_a_sum_without_limits_between_two_written_sizes_is_left_as_drawn() -> None:
    out = tie(_model(frozenset({n, m, COUNT})), {n: 4, m: 5, COUNT: 2}, L)
    assert (out[n], out[m], out[COUNT]) == (4, 5, 2)


def test_the_range_of_a_free_index() -> None:
    model = SizeModel((), {i: frozenset({Slot("x", 0), r})}, {}, frozenset())
    assert index_size(model, i, {r: 3}) == 3
    assert index_size(model, sympy.Symbol("j"), {r: 3}) is None


def test_a_sum_limit_takes_a_value_below_the_size_of_the_slot_it_indexes() -> None:
    # \\sum_{i=1}^{m} x_i with x = "vector(n)": m <= n, still distinct letters, distinct sizes
    model = SizeModel((frozenset({n, m}),), {}, {}, frozenset({n}), limits=frozenset({m}))
    out = tie(model, {n: 4, m: 5}, L)
    assert (out[m], out[n]) == (4, 5)
    assert tie(model, {n: 5, m: 4}, L) == {n: 5, m: 4}
