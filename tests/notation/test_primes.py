"""A prime on an expression (notation/primes.py): the derivative by the formula's one variable;
a formula without exactly one, or a prime after what may be a call, is an error."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
import sympy

from tests.notation.reading import Build, assert_read_error, read


@pytest.mark.parametrize(
    ("latex", "build", "table"),
    [
        pytest.param(
            "(t^3 - 4t)'",
            lambda n: sympy.Derivative(n.symbol("t") ** 3 - 4 * n.symbol("t"), n.symbol("t")),
            {},
            id="group",
        ),
        pytest.param(
            "\\left(\\frac{u(s)}{3 + s}\\right)''",
            lambda n: sympy.Derivative(
                sympy.Function("u")(n.symbol("s")) / (3 + n.symbol("s")), (n.symbol("s"), 2)
            ),
            {"u": "function"},
            id="sized-second-order",
        ),
        pytest.param(
            "((t^2)' t)'",
            lambda n: sympy.Derivative(
                sympy.Derivative(n.symbol("t") ** 2, n.symbol("t")) * n.symbol("t"), n.symbol("t")
            ),
            {},
            id="nested",
        ),
        pytest.param(
            "2 \\cdot (t^2)' - 1",
            lambda n: 2 * sympy.Derivative(n.symbol("t") ** 2, n.symbol("t")) - 1,
            {},
            id="after-an-operator",
        ),
    ],
)
def test_prime_on_an_expression_is_the_derivative_by_its_one_variable(
    latex: str, build: Build, table: Mapping[str, str]
) -> None:
    expr, names = read(latex, table)
    assert expr == build(names)
    assert isinstance(next(iter(expr.atoms(sympy.Derivative))), sympy.Derivative)


@pytest.mark.parametrize(
    ("latex", "words"),
    [
        pytest.param("(a t^2)'", "has 2 (a, t)", id="two-names"),
        pytest.param("(3 + 4)'", "has 0 (none)", id="no-name"),
        pytest.param("(w_1 t)'", "has 2 (t, w[1])", id="an-entry"),
        pytest.param("(v + v)'", "has 1 (v)", id="a-vector"),
    ],
)
def test_prime_on_an_expression_without_one_variable_is_an_error(latex: str, words: str) -> None:
    group = latex[: latex.index("'") + 1]
    assert_read_error(latex, group, words, {"v": "vector(k)"})


@pytest.mark.parametrize(
    ("latex", "fragment"),
    [
        pytest.param("\\log(t)' + 1", "\\log(t)'", id="call"),  # (log t)' or log of (t)'?
        pytest.param("a(t^2)'", "a(t^2)'", id="name"),  # a function a, or a times (t^2)'?
        pytest.param("\\frac{1}{2}(t^2)'", "}(t^2)'", id="after-a-group"),
    ],
)
def test_prime_after_what_may_be_a_call_is_an_error(latex: str, fragment: str) -> None:
    assert_read_error(latex, fragment, "a prime after the parentheses of a call")


# a prime on a LaTeX function: its derivative at the argument written in parentheses
FUNCTION_PRIMES = [
    ("\\tanh'(u)", lambda u: 1 - sympy.tanh(u) ** 2),
    ("\\cosh'(3u)", lambda u: sympy.sinh(3 * u)),
    ("\\sin''(u + 1)", lambda u: -sympy.sin(u + 1)),
    ("\\exp'\\left(-u\\right)", lambda u: sympy.exp(-u)),
    ("\\ln'(u^2)", lambda u: 1 / u**2),
    ("\\arctan'(u)", lambda u: 1 / (1 + u**2)),
]


@pytest.mark.parametrize(("latex", "value"), FUNCTION_PRIMES, ids=[x for x, _ in FUNCTION_PRIMES])
def test_prime_on_a_latex_function_is_its_derivative_at_the_argument(latex: str, value) -> None:  # type: ignore[no-untyped-def]
    expr, names = read(latex)
    u = names.symbol("u")
    assert isinstance(expr, sympy.Subs)  # the derivative, then the argument put in
    assert sympy.simplify(expr.doit() - value(u)) == 0


@pytest.mark.parametrize(
    ("latex", "fragment"),
    [("\\tanh' u", "\\tanh'"), ("\\sin'^2(u)", "\\sin'")],
)
def test_prime_on_a_latex_function_needs_its_argument_in_parentheses(
    latex: str, fragment: str
) -> None:
    assert_read_error(latex, fragment, "write its argument in parentheses")
