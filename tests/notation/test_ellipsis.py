"""Ellipses in sums (notation/ellipsis.py): `a_1 + ... + a_n` as the sum it abbreviates, and what
is not one pattern."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sympy

from derive.errors import LatexError
from derive.notation.names import Names
from tests.notation.reading import Build, check, idx, read

# -- ellipses in sums ------------------------------------------------------------------------------


def _sum_k(n: Names, body: Callable[[sympy.Symbol], sympy.Expr], a: int, b: object) -> sympy.Sum:
    k = n.symbol("k")
    upper = n.symbol(b) if isinstance(b, str) else sympy.Integer(b)  # type: ignore[arg-type]
    return sympy.Sum(body(k), (k, a, upper))


@pytest.mark.parametrize(
    ("latex", "build"),
    [
        pytest.param(
            "x_1 + \\dots + x_n", lambda n: _sum_k(n, lambda k: idx(n, "x", k), 1, "n"), id="dots"
        ),
        pytest.param(
            "x_0 + ... + x_n", lambda n: _sum_k(n, lambda k: idx(n, "x", k), 0, "n"), id="periods"
        ),
        pytest.param(
            "x_1 + x_2 + \\cdots + x_n",
            lambda n: _sum_k(n, lambda k: idx(n, "x", k), 1, "n"),
            id="two-first-terms",
        ),
        pytest.param(
            "a_0 + x_1 + x_2 + \\cdots + x_n",
            lambda n: idx(n, "a", 0) + _sum_k(n, lambda k: idx(n, "x", k), 1, "n"),
            id="other-term-before",
        ),
        pytest.param(
            "x_1 + \\ldots + x_3", lambda n: _sum_k(n, lambda k: idx(n, "x", k), 1, 3), id="to-3"
        ),
        pytest.param(
            "(H_0-y_0)^2+...+(H_n-y_n)^2",
            lambda n: _sum_k(n, lambda k: (idx(n, "H", k) - idx(n, "y", k)) ** 2, 0, "n"),
            id="squared-differences",
        ),
        pytest.param(
            "x^1 + \\cdots + x^n",
            lambda n: _sum_k(n, lambda k: n.symbol("x") ** k, 1, "n"),
            id="powers",
        ),
        pytest.param(
            "w_0 x_{00} + \\dots + w_0 x_{n0}",
            lambda n: _sum_k(n, lambda k: idx(n, "w", 0) * idx(n, "x", k, 0), 0, "n"),
            id="one-index-of-two",
        ),
        pytest.param(
            "c + [a_1 + \\cdots + a_n] - d",
            lambda n: n.symbol("c") + _sum_k(n, lambda k: idx(n, "a", k), 1, "n") - n.symbol("d"),
            id="inside-brackets",
        ),
    ],
)
def test_ellipsis_between_instances_of_one_pattern_is_a_sum(latex: str, build: Build) -> None:
    check(latex, build, {})


def test_ellipsis_index_avoids_letters_of_the_claim_and_declared_names() -> None:
    expr, n = read("k + x_1 + \\dots + x_n", {"j": "count"})
    i = n.symbol("i")
    assert expr == n.symbol("k") + sympy.Sum(idx(n, "x", i), (i, 1, n.symbol("n")))


@pytest.mark.parametrize(
    ("latex", "fragment", "words"),
    [
        pytest.param("a + \\cdots + b", "\\cdots", "not one pattern", id="no-index"),
        pytest.param("x_1 + x_3 + \\cdots + x_n", "\\cdots", "step by 2", id="step-2"),
        pytest.param("x_2 + x_1 + \\cdots + x_n", "\\cdots", "step by -1", id="step-down"),
        pytest.param("c - a_0 + ... + a_n", "...", "minus sign", id="minus-before"),
        pytest.param("x_1 \\cdots x_n", "\\cdots", "between two +", id="product"),
        pytest.param("x_{00} + ... + x_{nm}", "...", "not one pattern", id="two-indices-vary"),
        pytest.param("w0 + \\dots + wn", "\\dots", "not one pattern", id="digit-glued-to-name"),
        pytest.param("x_{1} + \\dots + x_n", "\\dots", "not one pattern", id="braces-differ"),
        pytest.param("a_3 + \\dots + a_1", "\\dots", "below the first", id="empty-range"),
        pytest.param("a_0 + \\dots + a_0", "\\dots", "not one pattern", id="no-difference"),
        pytest.param("x_1 + \\vdots + x_n", "\\vdots", "ellipsis", id="vdots"),
    ],
)
def test_ellipsis_that_is_not_one_pattern_is_an_error(
    latex: str, fragment: str, words: str
) -> None:
    with pytest.raises(LatexError) as info:
        read(latex, {})
    assert "ellipsis cannot be checked" in info.value.message
    assert words in info.value.message
    assert info.value.fragment == fragment
