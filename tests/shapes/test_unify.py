"""Size terms and their union-find (derive/shapes/unify.py)."""

from __future__ import annotations

import sympy

from derive.shapes.unify import Slot, Unifier, Use, Width, width_symbol

USE = Use("y - a^{[L]}", "the claim")
L, n, r = sympy.Symbol("L", integer=True), sympy.Symbol("n"), sympy.Symbol("r")


def test_equal_terms_share_a_class_and_remember_the_use() -> None:
    u = Unifier()
    u.equate(n, Width(L), USE)
    u.equate(r, Width(L), Use("\\sum_{j=1}^{r} a^{[L]}_j", "given 3"))
    assert u.class_of(n) == {n, r, Width(L)}
    assert u.classes() == [frozenset({n, r, Width(L)})]
    assert [str(x) for x in u.uses_between({n, Width(L)})] == ["y - a^{[L]} (the claim)"]


def test_a_one_joins_nothing() -> None:
    """A 1 x 1 product is a number and a column broadcasts: a 1 says nothing about sizes."""
    u = Unifier()
    u.equate(sympy.Integer(1), n, USE)
    u.equate(Slot("x", 0), sympy.Integer(1), USE)
    assert u.classes() == []


def test_width_symbol_is_the_layer_size_of_instances() -> None:
    from derive.shapes.layout import layer_size

    assert width_symbol(2) == layer_size(2)
    assert str(Width(L - 1)) == "n^{[L - 1]}"
