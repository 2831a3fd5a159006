"""Names read as values (notation/values.py): primed variable names (z', x'_0) are names of
their own; a prime that cannot make one is an error."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
import sympy

from derive.errors import LatexError
from tests.notation.reading import Build, check, fam, idx, read


@pytest.mark.parametrize(
    ("latex", "build"),
    [
        pytest.param("z'", lambda n: n.symbol("z'"), id="z-prime"),
        pytest.param("z''", lambda n: n.symbol("z''"), id="z-double-prime"),
        pytest.param("z^{\\prime}", lambda n: n.symbol("z'"), id="prime-macro"),
        pytest.param("z\u2032", lambda n: n.symbol("z'"), id="typographic"),
        pytest.param("x'_0", lambda n: idx(n, "x'", 0), id="prime-then-subscript"),
        pytest.param("x_0'", lambda n: idx(n, "x'", 0), id="subscript-then-prime"),
        pytest.param("x'_{1}", lambda n: idx(n, "x'", 1), id="braced-subscript"),
        pytest.param("z'^2", lambda n: n.symbol("z'") ** 2, id="power-of-primed"),
        pytest.param(
            "a'^{[l]}_j", lambda n: idx(n, "a'", "l", "j", layer=True), id="layered-primed"
        ),
        pytest.param("\\hat{y}'", lambda n: n.symbol("\\hat{y}'"), id="decorated"),
        pytest.param("\\sigma'", lambda n: n.symbol("\\sigma'"), id="sigma-declared-real"),
    ],
)
def test_prime_on_a_variable_is_a_name_of_its_own(latex: str, build: Build) -> None:
    expr = check(latex, build, {"sigma": "real"})
    assert "'" in sympy.srepr(expr)  # the prime is never dropped


def test_primed_names_are_distinct_from_the_bare_name_and_from_each_other() -> None:
    expr, n = read("z + z' + z'' + x_0 + x'_0", {})
    assert expr == (
        n.symbol("z") + n.symbol("z'") + n.symbol("z''") + idx(n, "x", 0) + idx(n, "x'", 0)
    )
    assert len(expr.args) == 5


def test_derivative_by_a_primed_variable() -> None:
    check(
        "\\frac{\\partial y}{\\partial x'_0}",
        lambda n: sympy.Derivative(n.symbol("y"), idx(n, "x'", 0)),
        {},
    )
    check(
        "\\frac{\\partial l}{\\partial z''}",
        lambda n: sympy.Derivative(n.symbol("l"), n.symbol("z''")),
        {},
    )


def test_primed_sum_index_keeps_its_prime() -> None:
    check(
        "\\sum_{j'=1}^{n} w_{j'}",
        lambda n: sympy.Sum(idx(n, "w", "j'"), (n.symbol("j'"), 1, n.symbol("n"))),
        {},
    )


def test_primed_argument_of_a_declared_function() -> None:
    check(
        "C(z', z'')",
        lambda n: sympy.Function("C")(n.symbol("z'"), n.symbol("z''")),
        {"C": "function"},
    )


@pytest.mark.parametrize(
    ("latex", "table", "fragment", "words"),
    [
        pytest.param("\\sigma' + 1", {}, "\\sigma'", "function name \\sigma", id="sigma"),
        pytest.param("f'_j", {"f": "function"}, "f'_j", "function name f", id="indexed-function"),
        pytest.param("1 + f'", {"f": "function"}, "f'", "needs an argument", id="declared-alone"),
        pytest.param("u'(x)", {}, "u'", "not declared as a function", id="undeclared-call"),
        pytest.param("x'", {"x": "vector(n)"}, "x'", "declare x' in [symbols]", id="vector"),
    ],
)
def test_prime_that_cannot_be_a_new_name_is_an_error(
    latex: str, table: Mapping[str, str], fragment: str, words: str
) -> None:
    with pytest.raises(LatexError) as info:
        read(latex, table)
    assert words in info.value.message
    assert info.value.fragment == fragment


def test_primed_name_of_a_vector_may_be_declared() -> None:
    check(
        "x' + x",
        lambda n: n.array(fam("x'"), ()) + n.array(fam("x"), ()),
        {"x": "vector(n)", "x'": "vector(n)"},
    )
