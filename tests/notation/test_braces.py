"""Braces and digits as TeX groups them (notation/braces.py): unbraced digit arguments of \\frac,
braces that only group one name (equation-editor exports), a power set after a braced sum's
summand."""

from __future__ import annotations

import pytest
import sympy

from derive.notation.names import Family
from tests.notation.reading import exprs
from tests.notation.reading import read_statement as read


@pytest.mark.parametrize(
    ("latex", "value"),
    [
        ("\\frac 32", sympy.Rational(3, 2)),  # TeX: each unbraced argument is one digit
        ("\\frac  12", sympy.Rational(1, 2)),
        ("\\frac 123", sympy.Rational(3, 2)),  # 1/2, then the factor 3
        ("\\dfrac 1{4}", sympy.Rational(1, 4)),
        ("\\frac{3}2", sympy.Rational(3, 2)),
    ],
)
def test_unbraced_digit_arguments_of_frac(latex: str, value: sympy.Expr) -> None:
    st, _ = read(f"a = {latex}")
    assert sympy.simplify(exprs(st)[1] - value) == 0


def test_unbraced_digit_argument_before_a_name() -> None:
    st, no = read("a = \\frac 32A_{11}", {"A": "matrix(2, 2)"})
    assert exprs(st)[1] != no.names.symbol("a")
    assert sympy.Rational(3, 2) in exprs(st)[1].atoms(sympy.Rational)


@pytest.mark.parametrize(
    ("braced", "plain"),
    [
        ("{{\\theta }_{1}}", "\\theta_{1}"),  # equation-editor export (Ng's notes, fengdu78)
        ("a{{x}^{(i)}}", "a x^{(i)}"),  # a sample index, never the power x^i
        ("{x_{j}}^{(i)}", "x_{j}^{(i)}"),
        ("e^{-{\\theta_1}{{x}^{(i)}}}", "e^{-\\theta_1 x^{(i)}}"),
        # after a finished argument (the second of \\frac) or a product sign, braces only group
        ("\\frac{1}{2}{{u}_{k}}^{(j)}", "\\frac{1}{2} u_{k}^{(j)}"),
        ("a\\cdot{{v}_{2}}^{3}", "a \\cdot v_2^3"),
        ("{{\\left( a-b\\right)}^{2}}", "(a-b)^2"),  # a parenthesised group and its power
    ],
)
def test_braces_around_one_name_only_group(braced: str, plain: str) -> None:
    st, _ = read(f"{braced} = {plain}")
    left, right = exprs(st)
    assert left == right


def test_braces_that_are_an_argument_are_kept() -> None:
    st, no = read("a = \\hat{y}^{2} + \\frac{x}{y} + \\frac 1{v_k}")
    s = no.names.symbol
    v_k = no.names.indexed(Family("v", False, False), (s("k"),))
    assert exprs(st)[1] == s("\\hat{y}") ** 2 + s("x") / s("y") + 1 / v_k


@pytest.mark.parametrize(
    "latex",
    [
        "\\frac{\\partial}{\\partial u} {g_k}(u) = 2 k u",
        "\\frac{\\partial}{\\partial u} {{g}_{k }}\\left(u\\right) = 2 k u",
    ],
)
def test_braced_function_name_after_a_fraction_is_the_call(latex: str) -> None:
    # the group after \\frac{..}{..} is no third argument: never the product g_k (u)
    st, no = read(latex, given=["{{g}_{k}}(u) = k u^2"])
    lhs = exprs(st)[0]
    k, u = no.names.symbol("k"), no.names.symbol("u")
    assert lhs == sympy.Derivative(sympy.Function("g")(k, u), u)


@pytest.mark.parametrize(
    ("latex", "plain"),
    [
        # equation editors export a sum of squares so; TeX sets the power after the summand
        ("{\\sum_{i=1}^{n}{\\left( u_i - v \\right)}}^{2}", "\\sum_{i=1}^{n} (u_i - v)^2"),
        (
            "\\frac{1}{n}{{\\sum\\limits_{k=1}^{n}{{w}_{k}}}^{2}}",
            "\\frac{1}{n}\\sum_{k=1}^{n} w_k^2",
        ),
        # a longer summand keeps the TeX meaning: the power of the whole braced sum
        ("{\\sum_{i=1}^{n} u_i v}^{2}", "(\\sum_{i=1}^{n} u_i v)^2"),
    ],
)
def test_power_after_a_braced_sum(latex: str, plain: str) -> None:
    st, _ = read(f"{latex} = {plain}")
    left, right = exprs(st)
    assert left == right
