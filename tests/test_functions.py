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


def test_the_step_of_a_product_of_vectors_is_an_error_not_a_crash() -> None:
    # sgn(\hat{w}^T \hat{x}^{(i)}) with both vectors: SymPy's Heaviside raised a ValueError (an
    # internal error of `derive check`); the claim is now an `error` result naming the step
    result = check_claim(
        Claim(
            id="perceptron-sign",
            latex="(\\hat{y}^{(i)} - y^{(i)}) \\hat{w}^T \\hat{x}^{(i)} \\ge 0",
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
    assert result.verdict is Verdict.ERROR
    assert "the step (sgn) of a product of vectors" in result.message
    x = sympy.Symbol("x", real=True)
    assert functions.step(x).subs(x, 0) == 1  # a number keeps the step
