"""Names applied as functions (notation/calls.py): declared function calls, primes on them, calls
that are not read."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sympy

from derive import functions
from derive.errors import LatexError
from derive.notation import arrays
from tests.notation.reading import (
    Build,
    assert_read_error,
    caret,
    check,
    fam,
    idx,
    prime_of,
    read,
)

# -- functions and primes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latex", "build"),
    [
        pytest.param("f(x)", lambda n: sympy.Function("f")(n.symbol("x")), id="arbitrary"),
        pytest.param(
            "f(x, y)",
            lambda n: sympy.Function("f")(n.symbol("x"), n.symbol("y")),
            id="two-arguments",
        ),
        pytest.param("\\sigma(z)", lambda n: functions.sigmoid(n.symbol("z")), id="sigmoid"),
        pytest.param(
            "\\sigma(w x + b)",
            lambda n: functions.sigmoid(n.symbol("w") * n.symbol("x") + n.symbol("b")),
            id="sigmoid-of-sum",
        ),
        pytest.param(
            "\\sigma\\left(z\\right)",
            lambda n: functions.sigmoid(n.symbol("z")),
            id="sigmoid-left-right",
        ),
        pytest.param(
            "\\sigma(z)(1-\\sigma(z))",
            lambda n: functions.sigmoid(n.symbol("z")) * (1 - functions.sigmoid(n.symbol("z"))),
            id="sigmoid-product",
        ),
    ],
)
def test_declared_function_calls(latex: str, build: Build) -> None:
    check(latex, build)


@pytest.mark.parametrize(
    ("kind", "build"),
    [
        pytest.param("sigmoid", lambda x: functions.sigmoid(x), id="sigmoid"),
        pytest.param("relu", lambda x: functions.relu(x), id="relu"),
        pytest.param("tanh", lambda x: sympy.tanh(x), id="tanh"),
        pytest.param("exp", lambda x: sympy.exp(x), id="exp"),
        pytest.param("log", lambda x: sympy.log(x), id="log"),
        pytest.param("function", lambda x: sympy.Function("g")(x), id="function"),
    ],
)
def test_function_kinds_per_symbols_table(
    kind: str, build: Callable[[sympy.Expr], sympy.Expr]
) -> None:
    check("g(x)", lambda n: build(n.symbol("x")), {"g": kind})


def test_sigma_declared_as_a_plain_function_is_an_undefined_function() -> None:
    expr = check(
        "\\sigma(z)", lambda n: sympy.Function("\\sigma")(n.symbol("z")), {"sigma": "function"}
    )
    assert not isinstance(expr, functions.sigmoid)


def test_softmax_declared_is_the_softmax_of_a_column() -> None:
    expr, n = read("s(z)", {"s": "softmax", "z": "vector(n)"})
    assert expr == arrays.Softmax(n.array(fam("z"), ()))


@pytest.mark.parametrize(
    ("latex", "func", "order"),
    [
        pytest.param("f'(x)", lambda t: sympy.Function("f")(t), 1, id="f-prime"),
        pytest.param("f''(x)", lambda t: sympy.Function("f")(t), 2, id="f-double-prime"),
        pytest.param("f'''(x)", lambda t: sympy.Function("f")(t), 3, id="f-triple-prime"),
        pytest.param("f^{\\prime}(x)", lambda t: sympy.Function("f")(t), 1, id="prime-macro"),
        pytest.param("f^{''}(x)", lambda t: sympy.Function("f")(t), 2, id="prime-superscript"),
        pytest.param("f\u2032(x)", lambda t: sympy.Function("f")(t), 1, id="typographic"),
        pytest.param("\\sigma'(x)", lambda t: functions.sigmoid(t), 1, id="sigma-prime"),
        # a word set in \text before its primes and `(`: the activation it names
        pytest.param("\\text{ReLU}'(x)", lambda t: functions.relu(t), 1, id="text-relu-prime"),
        pytest.param(
            "\\text{sigmoid}''(x)", lambda t: functions.sigmoid(t), 2, id="text-sigmoid-primes"
        ),
    ],
)
def test_prime_is_a_derivative_at_the_argument(
    latex: str, func: Callable[[sympy.Expr], sympy.Expr], order: int
) -> None:
    expr, n = read(latex)
    x = n.symbol("x")
    assert expr == prime_of(func, x, order)
    assert isinstance(expr, sympy.Subs)
    (t,) = expr.variables
    assert expr.point == sympy.Tuple(x)
    assert expr.expr == sympy.Derivative(func(t), (t, order))


def test_sigma_prime_evaluates_to_the_sigmoid_derivative() -> None:
    expr, n = read("\\sigma'(z)")
    z = n.symbol("z")
    assert sympy.simplify(expr.doit() - functions.sigmoid(z) * (1 - functions.sigmoid(z))) == 0


def test_prime_of_an_expression_argument() -> None:
    expr, n = read("\\sigma'(z^{[l]}_j)")
    assert expr == prime_of(functions.sigmoid, idx(n, "z", "l", "j", layer=True), 1)


@pytest.mark.parametrize(
    ("latex", "fragment"),
    [
        pytest.param("f(x)", "f(", id="f"),
        pytest.param("g(x)", "g(", id="g"),
        pytest.param("h(x)", "h(", id="h"),
        pytest.param("\\sigma(z)", "\\sigma(", id="sigma"),
        pytest.param("\\phi(x)", "\\phi(", id="phi"),
        pytest.param("\\varphi(x)", "\\varphi(", id="varphi"),
        pytest.param("\\psi(x)", "\\psi(", id="psi"),
        pytest.param("2 + \\sigma(z)", "\\sigma(", id="sigma-inside"),
    ],
)
def test_undeclared_function_call_is_a_latex_error(latex: str, fragment: str) -> None:
    with pytest.raises(LatexError) as info:
        read(latex, {})
    err = info.value
    assert "undeclared function" in err.message
    assert err.fragment == fragment
    assert caret(err) == (latex.index(fragment), len(fragment))


@pytest.mark.parametrize(
    ("latex", "fragment"),
    [
        pytest.param("\\operatorname{sech}^2 x", "\\operatorname{sech}", id="sech-squared"),
        pytest.param("1 - \\operatorname{sech} x", "\\operatorname{sech}", id="sech"),
        pytest.param("\\mathrm{sgn}\\, z", "\\mathrm{sgn}", id="mathrm-sgn"),
        pytest.param("\\operatorname{exp} x", "\\operatorname{exp}", id="exp"),
        pytest.param("\\text{log} x", "\\text{log}", id="text-log-not-an-annotation"),
        pytest.param("L_{\\mathrm{log}}", "\\mathrm{log}", id="in-a-subscript"),
    ],
)
def test_upright_function_name_without_a_call_is_an_error(latex: str, fragment: str) -> None:
    # a function's name set upright is never a variable times what follows (sech^2 x was read
    # as sech^2 times x) nor an annotation read as nothing (\text{log} x was read as x)
    assert_read_error(latex, fragment, "is a function derive does not read", {})


def test_upright_function_name_declared_is_read_as_declared() -> None:
    check(
        "\\operatorname{sgn}(x) x",
        lambda n: sympy.Function("sgn")(n.symbol("x")) * n.symbol("x"),
        {"sgn": "function"},
    )


def test_undeclared_conventional_function_name_alone_is_a_symbol() -> None:
    check("\\sigma + f", lambda n: n.symbol("\\sigma") + n.symbol("f"), {})


def test_declared_function_without_argument_is_an_error() -> None:
    with pytest.raises(LatexError, match="needs an argument") as info:
        read("1 + f")
    assert info.value.fragment == "f"
    assert caret(info.value) == (4, 1)


def test_prime_on_a_function_of_several_arguments_is_an_error() -> None:
    with pytest.raises(LatexError, match="several arguments") as info:
        read("f'(x, y)")
    assert info.value.fragment == "f'"


def test_indexed_declared_function_applied_is_not_a_product() -> None:
    expr, n = read("f_i(x)")
    assert expr != idx(n, "f", "i") * n.symbol("x")
    assert expr == sympy.Function("f")(n.symbol("i"), n.symbol("x"))  # one function of i and x
