"""The named activations (derive/functions.py): their elementary definitions, and the one
bottom-up rewrite (`rebuild`) that `elementary` and the checks' stand-ins share."""

from __future__ import annotations

import sympy

from derive import Claim, Verdict, check_claim, functions
from derive.specs import parse_spec


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


def test_the_step_of_a_product_of_vectors_waits_for_its_entries() -> None:
    # sgn(\hat{w}^T \hat{x}^{(i)}) with both vectors: SymPy's Heaviside raised a ValueError (an
    # internal error, then an `error` result); the step now stays unevaluated until the sizes are
    # drawn, and the bound is refuted on the hyperplane, where the step is 1 and the product 0
    result = check_claim(
        Claim(
            id="perceptron-sign",
            latex="(\\hat{y}^{(i)} - y^{(i)}) \\hat{w}^T \\hat{x}^{(i)} > 0",
            given=(
                "\\hat{y}^{(i)} = \\operatorname{sgn}(\\hat{w}^T \\hat{x}^{(i)})",
                "y^{(i)} = 1 - \\hat{y}^{(i)}",
            ),
            symbols={
                "\\hat{w}": parse_spec("\\hat{w}", "vector(n)"),
                "\\hat{x}": parse_spec("\\hat{x}", "vector(n)"),
                "sgn": parse_spec("sgn", "step"),
            },
        )
    )
    assert result.verdict is Verdict.REFUTED, result.message
    assert "the boundary of a step" in result.message
    x = sympy.Symbol("x", real=True)
    assert functions.step(x) == sympy.Heaviside(x, 1)  # a number: SymPy's Heaviside at once
    assert functions.step(x).subs(x, 0) == 1
    w, v = sympy.symbols("w v", commutative=False)
    assert isinstance(functions.step(w * v), functions.step)  # a product of vectors: waits
    assert functions.step(w * v).subs({w: 2, v: -3}) == 0


def test_free_symbols_memoised_are_sympys() -> None:
    # the default rule (the union over the arguments) walked with a memo, and each class with its
    # own rule asked itself: bound variables of a sum, a derivative at a point, an indexed entry
    x, y, k, n = sympy.symbols("x y k n")
    w = sympy.IndexedBase("w")
    f = sympy.Function("f")
    point = sympy.Subs(sympy.Derivative(f(x), x), x, y + 1)
    exprs = [
        sympy.exp(x * y) + point * sympy.Sum(w[k] * x**k, (k, 1, n)),
        sympy.sin(point) ** 2 + sympy.Integer(3),
        sympy.Integer(3),
        sympy.Lambda(x, x + y)(2 * y),
    ]
    memo: dict[sympy.Basic, frozenset[sympy.Basic]] = {}
    for expr in exprs:
        assert functions.free_symbols(expr, memo) == expr.free_symbols
    assert memo[x * y] == {x, y}  # walked with the default rule, kept for the next expression
    assert point not in memo and point.args[0] not in memo  # their own rules: asked
