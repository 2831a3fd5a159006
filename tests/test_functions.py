"""The named activations (derive/functions.py): their elementary definitions, and the one
bottom-up rewrite (`rebuild`) that `elementary` and the checks' stand-ins share."""

from __future__ import annotations

import sympy

from derive import functions


def test_elementary_replaces_the_activations_inside_out() -> None:
    x = sympy.Symbol("x", real=True)
    expr = functions.sigmoid(functions.relu(x)) + 1
    assert functions.elementary(expr) == 1 / (1 + sympy.exp(-sympy.Max(0, x))) + 1


def test_rebuild_rewrites_each_distinct_subtree_once() -> None:
    x, y = sympy.symbols("x y")
    shared = sympy.sin(x + y)
    seen: list[sympy.Basic] = []

    def node(e: sympy.Basic, args: tuple[sympy.Basic, ...]) -> sympy.Basic:
        seen.append(e)
        return sympy.cos(*args) if isinstance(e, sympy.sin) else e.func(*args)

    memo: dict[sympy.Basic, sympy.Basic] = {}
    assert functions.rebuild(shared * 2 + shared**2, node, memo) == (
        2 * sympy.cos(x + y) + sympy.cos(x + y) ** 2
    )
    assert seen.count(shared) == 1 and seen.count(x + y) == 1
    functions.rebuild(shared + 3, node, memo)  # a shared memo: sin(x + y) is not walked again
    assert seen.count(shared) == 1
