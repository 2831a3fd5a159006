"""Derivatives as written (notation/calculus.py): Leibniz fractions, gradients, Hessians and their
errors."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pytest
import sympy

from derive import functions
from derive.errors import DeriveError, LatexError
from derive.notation import arrays
from derive.notation.names import Names
from tests.notation.reading import Build, assert_read_error, caret, check, fam, idx, read

# -- derivatives and gradients ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latex", "build", "table"),
    [
        pytest.param(
            "\\frac{\\partial L}{\\partial w_i}",
            lambda n: sympy.Derivative(n.symbol("L"), idx(n, "w", "i")),
            None,
            id="partial",
        ),
        pytest.param(
            "\\frac{\\partial L}{\\partial w^{[l]}_{jk}}",
            lambda n: sympy.Derivative(n.symbol("L"), idx(n, "w", "l", "j", "k", layer=True)),
            None,
            id="partial-layer",
        ),
        pytest.param(
            "\\frac{\\partial^2 f}{\\partial x_1\\partial x_2}",
            lambda n: sympy.Derivative(n.symbol("f"), idx(n, "x", 1), idx(n, "x", 2)),
            {},
            id="mixed-second-undeclared-f",
        ),
        pytest.param(
            "\\frac{\\partial^2 L}{\\partial w^2}",
            lambda n: sympy.Derivative(n.symbol("L"), (n.symbol("w"), 2)),
            None,
            id="second-order",
        ),
        pytest.param(
            "\\frac{\\partial^{2} L}{\\partial a \\partial b}",
            lambda n: sympy.Derivative(n.symbol("L"), n.symbol("a"), n.symbol("b")),
            None,
            id="braced-order",
        ),
        pytest.param(
            "\\frac{d}{dx}(x^2)",
            lambda n: sympy.Derivative(n.symbol("x") ** 2, n.symbol("x")),
            None,
            id="d-dx-group",
        ),
        pytest.param(
            "\\frac{d}{dx}\\left(x^2 + 1\\right)",
            lambda n: sympy.Derivative(n.symbol("x") ** 2 + 1, n.symbol("x")),
            None,
            id="d-dx-left-right",
        ),
        pytest.param(
            "\\frac{dL}{dw}",
            lambda n: sympy.Derivative(n.symbol("L"), n.symbol("w")),
            None,
            id="dL-dw",
        ),
        pytest.param(
            "\\frac{d^2 L}{dw^2}",
            lambda n: sympy.Derivative(n.symbol("L"), (n.symbol("w"), 2)),
            None,
            id="second-derivative-L-by-w",
        ),
        pytest.param(
            "\\frac{\\partial}{\\partial x} f(x)",
            lambda n: sympy.Derivative(sympy.Function("f")(n.symbol("x")), n.symbol("x")),
            None,
            id="operator-on-call",
        ),
        pytest.param(
            "\\frac{\\partial}{\\partial z} \\sigma(z)",
            lambda n: sympy.Derivative(functions.sigmoid(n.symbol("z")), n.symbol("z")),
            None,
            id="operator-on-sigmoid",
        ),
        pytest.param(
            "\\frac{\\partial L}{\\partial x^{(i)}}",
            lambda n: sympy.Derivative(n.symbol("L"), idx(n, "x", "i", sample=True)),
            None,
            id="partial-sample",
        ),
        pytest.param(
            "\\nabla_a L",
            lambda n: sympy.Derivative(n.symbol("L"), n.symbol("a")),
            None,
            id="nabla",
        ),
        pytest.param(
            "\\nabla_{w} L",
            lambda n: sympy.Derivative(n.symbol("L"), n.symbol("w")),
            None,
            id="nabla-braced",
        ),
        pytest.param(
            "\\nabla_{\\theta} (a \\theta)",
            lambda n: sympy.Derivative(n.symbol("a") * n.symbol("\\theta"), n.symbol("\\theta")),
            None,
            id="nabla-group",
        ),
    ],
)
def test_derivatives(latex: str, build: Build, table: Mapping[str, str] | None) -> None:
    expr = check(latex, build, table)
    assert isinstance(expr, sympy.Derivative)  # unevaluated: the checks differentiate later


# -- \\nabla: the whole following product, Hessians, entries of a group ------------------------------

VEC = {"x": "vector(n)", "b": "vector(n)", "A": "matrix(n, n)", "f": "function"}


def _arr(n: Names, name: str) -> sympy.Basic:
    return n.array(fam(name), ())


@pytest.mark.parametrize(
    ("latex", "build"),
    [
        pytest.param(
            "\\nabla_x b^Tx",
            lambda n: arrays.Grad(arrays.TransposeOf(_arr(n, "b")) * _arr(n, "x"), _arr(n, "x")),
            id="product-after-nabla",
        ),
        pytest.param(
            "\\nabla_xx^TAx + b",
            lambda n: (
                arrays.Grad(
                    arrays.TransposeOf(_arr(n, "x")) * _arr(n, "A") * _arr(n, "x"), _arr(n, "x")
                )
                + _arr(n, "b")
            ),
            id="stops-at-plus",
        ),
        pytest.param(
            "b - \\nabla_x \\frac{1}{2} x^T x - b",
            lambda n: (
                _arr(n, "b")
                - arrays.Grad(
                    sympy.Rational(1, 2) * arrays.TransposeOf(_arr(n, "x")) * _arr(n, "x"),
                    _arr(n, "x"),
                )
                - _arr(n, "b")
            ),
            id="stops-at-minus",
        ),
        pytest.param(
            "\\nabla_x(f(x) + b^T x)",
            lambda n: arrays.Grad(
                sympy.Function("f")(_arr(n, "x")) + arrays.TransposeOf(_arr(n, "b")) * _arr(n, "x"),
                _arr(n, "x"),
            ),
            id="group",
        ),
        pytest.param(
            "\\nabla^2_xx^TAx",
            lambda n: arrays.Hessian(
                arrays.TransposeOf(_arr(n, "x")) * _arr(n, "A") * _arr(n, "x"), _arr(n, "x")
            ),
            id="hessian",
        ),
        pytest.param(
            "\\nabla_x^{2} f(x)",
            lambda n: arrays.Hessian(sympy.Function("f")(_arr(n, "x")), _arr(n, "x")),
            id="hessian-order-after-subscript",
        ),
        pytest.param(
            "(\\nabla_A f(A))_{ij}",
            lambda n: arrays.Entry(
                arrays.Grad(sympy.Function("f")(_arr(n, "A")), _arr(n, "A")),
                n.symbol("i"),
                n.symbol("j"),
            ),
            id="entry-of-gradient",
        ),
        pytest.param(
            "(A x)_{i}^2",
            lambda n: arrays.Entry(_arr(n, "A") * _arr(n, "x"), n.symbol("i")) ** 2,
            id="entry-of-product-squared",
        ),
    ],
)
def test_nabla_hessian_and_entries(latex: str, build: Build) -> None:
    check(latex, build, VEC)


def test_nabla_of_a_scalar_product_and_scalar_hessian() -> None:
    x, y = sympy.Symbol("x", real=True), sympy.Symbol("y", real=True)
    check("\\nabla_x x y", lambda n: sympy.Derivative(x * y, x), {})
    check("\\nabla^2_x x^3 + y", lambda n: sympy.Derivative(x**3, (x, 2)) + y, {})


@pytest.mark.parametrize(
    ("latex", "fragment", "words"),
    [
        pytest.param("\\nabla_a - b", "a", "nothing to apply to", id="sign-after-nabla"),
        pytest.param("\\nabla_a + b", "a", "nothing to apply to", id="plus-after-nabla"),
        pytest.param("\\nabla^3_x y", "\\nabla^3_x", "Hessian", id="third-order"),
        pytest.param("(a + c)_{i}", "(a + c)_{i}", "not a vector or matrix", id="entry-of-number"),
        pytest.param("(A)_{ijk}", "ijk", "one or two indices", id="three-indices"),
    ],
)
def test_bad_nabla_and_entries(latex: str, fragment: str, words: str) -> None:
    with pytest.raises(LatexError) as info:
        read(latex, VEC)
    assert words in info.value.message
    assert info.value.fragment == fragment


def test_derivative_is_not_evaluated() -> None:
    expr, n = read("\\frac{d}{dx}(x^2)")
    assert expr.doit() == 2 * n.symbol("x")
    assert expr != 2 * n.symbol("x")


def test_d_over_something_else_is_a_fraction() -> None:
    check("\\frac{d}{x}", lambda n: n.symbol("d") / n.symbol("x"))
    check("\\frac{1}{d}", lambda n: 1 / n.symbol("d"))


def test_derivative_inside_an_update() -> None:
    check(
        "w - \\eta \\frac{\\partial L}{\\partial w}",
        lambda n: (
            n.symbol("w") - n.symbol("\\eta") * sympy.Derivative(n.symbol("L"), n.symbol("w"))
        ),
    )


@pytest.mark.parametrize(
    ("latex", "fragment", "words"),
    [
        pytest.param(
            "\\frac{\\partial^3 L}{\\partial x \\partial y}",
            "\\frac{\\partial^3 L}{\\partial x \\partial y}",
            "orders",
            id="orders",
        ),
        pytest.param(
            "\\frac{\\partial^{k} L}{\\partial x}", "k", "whole number", id="symbolic-order"
        ),
        pytest.param(
            "\\frac{\\partial z^L}{\\partial W^L}",
            "L",
            'is ^L a layer or sample index? Write ^{[L]} or ^{(L)}, or declare L = "layer"',
            id="layer-superscript-below",
        ),
        pytest.param(
            "\\frac{\\partial a^{k-1}}{\\partial V^{k-1}}",
            "k-1",
            "is ^{k-1} a layer or sample index? Write ^{[k-1]} or ^{(k-1)}, or declare k = ",
            id="shifted-layer-superscript-below",
        ),
        pytest.param(
            "\\frac{\\partial a}{\\partial V^{k-m}}", "k-m", "whole number", id="two-letters-below"
        ),
        pytest.param(
            "\\frac{\\partial}{\\partial x}", "}", "nothing to apply to", id="operator-alone"
        ),
        pytest.param("\\frac{\\partial L}{x}", "x", "expected \\partial", id="no-partial-below"),
        pytest.param("\\partial x", "\\partial", "outside a derivative", id="bare-partial"),
        pytest.param(
            "\\frac{\\partial L}{\\partial H(w_i)}", "H(w_i)", "function call", id="call-below"
        ),
        pytest.param(
            "\\frac{\\partial z_j}{b_j}", "b_j", "expected \\partial", id="partial-missing-below"
        ),
        pytest.param("\\nabla L", "\\nabla", "as a subscript", id="nabla-no-subscript"),
        pytest.param("\\nabla_a", "a", "nothing to apply to", id="nabla-nothing"),
        pytest.param(
            "\\frac{\\partial L}{\\partial f'}", "\\partial f'", "prime", id="prime-below"
        ),
        # an incomplete Leibniz ratio, never the product d L / d = L (dL/d = L verified)
        pytest.param("dL/d", "dL/d", "incomplete Leibniz ratio", id="inline-d-alone"),
        pytest.param("dL/d + 1", "dL/d", "incomplete Leibniz ratio", id="inline-d-then-sum"),
        pytest.param("d^2L/d", "d^2L/d", "incomplete Leibniz ratio", id="inline-second-order"),
        pytest.param("dz/dy dy/d", "dy/d", "incomplete Leibniz ratio", id="inline-chain-link"),
        pytest.param("\\frac{dL}{d}", "d", "incomplete Leibniz ratio", id="frac-d-alone"),
        pytest.param("\\frac{d}{d\\,} L", "d", "incomplete Leibniz ratio", id="frac-operator"),
        pytest.param(
            "\\frac{\\mathrm{d}L}{\\mathrm{d}}",
            "\\mathrm{d}",
            "incomplete Leibniz ratio",
            id="frac-upright-d",
        ),
        # a differential inside the denominator, never the quotient with the d's cancelled
        pytest.param(
            "\\frac{d^2 y}{(dx)^2}", "(dx)^2", "Leibniz ratio the reader cannot read", id="dx-sq"
        ),
        pytest.param("\\frac{dy}{2dx}", "2dx", "Leibniz ratio the reader cannot read", id="2dx"),
    ],
)
def test_bad_derivatives(latex: str, fragment: str, words: str) -> None:
    assert_read_error(latex, fragment, words, last=True)


@pytest.mark.parametrize(
    "latex",
    [
        "\\frac{d}{dx} x^2_j",
        "\\nabla_x x^2_j",
    ],
)
def test_operand_power_written_before_subscript_is_kept(latex: str) -> None:
    expr, n = read(latex)
    assert expr == sympy.Derivative(idx(n, "x", "j") ** 2, n.symbol("x"))


@pytest.mark.parametrize("latex", ["\\nabla_a x^{b}_j", "\\frac{d}{dx} x^{b}_j"])
def test_operand_with_symbolic_power_before_subscript_does_not_crash(latex: str) -> None:
    try:
        expr, n = read(latex)
    except DeriveError:
        return
    assert expr.has(n.symbol("b"))


def test_operator_before_a_power_applies_to_the_power() -> None:
    try:
        expr, n = read("\\frac{d}{dx} x^2")
    except LatexError:
        return
    assert expr == sympy.Derivative(n.symbol("x") ** 2, n.symbol("x"))


def test_unicode_superscript_digit_as_derivative_order_is_a_latex_error() -> None:
    # ² is ^{2} (tokens.py), so \partial^² writes ^ twice: an error at the two marks, never
    # int('²') (a ValueError) nor a second derivative guessed
    latex = "\\frac{\\partial^\u00b2 L}{\\partial w}"
    with pytest.raises(LatexError) as info:
        read(latex)
    assert "'\u00b2' right after '^'" in info.value.message
    assert info.value.fragment == "^\u00b2"
    assert caret(info.value) == (latex.index("^"), 2)


def test_unicode_superscript_digit_is_the_derivative_order() -> None:
    expr, n = read("\\frac{\\partial\u00b2 L}{\\partial w\u00b2}")
    assert expr == sympy.Derivative(n.symbol("L"), (n.symbol("w"), 2))


@pytest.mark.parametrize(
    ("latex", "inner"),
    [
        pytest.param("\\frac{d}{dx} |x + y| + y", lambda x, y: sympy.Abs(x + y), id="bars"),
        pytest.param(
            "\\frac{d}{dx} \\left|x - y\\right| + y", lambda x, y: sympy.Abs(x - y), id="left-right"
        ),
        pytest.param(
            "\\frac{d}{dx} |x + y| |y - 1| + y",
            lambda x, y: sympy.Abs(x + y) * sympy.Abs(y - 1),
            id="two-pairs",
        ),
    ],
)
def test_operator_before_bars_applies_to_what_they_hold(
    latex: str, inner: Callable[[sympy.Expr, sympy.Expr], sympy.Expr]
) -> None:
    # the + inside the bars ended the operand (`|x`): an error, `cannot read this expression`
    expr, n = read(latex)
    x, y = n.symbol("x"), n.symbol("y")
    assert expr == sympy.Derivative(inner(x, y), x) + y
