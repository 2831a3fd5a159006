"""Definite integrals (notation/calculus.py reads them, derive/integrals.py integrates): SymPy's
closed form, confirmed by numeric quadrature, or an error."""

from __future__ import annotations

import pytest
import sympy

from derive import Verdict
from derive.errors import LatexError
from derive.notation.statements import Notation
from tests.conftest import check
from tests.notation.reading import make_specs


@pytest.mark.parametrize(
    ("latex", "lower", "upper"),
    [
        ("\\int_{0}^{s} 3u^2\\,du", 0, "s"),
        ("\\int^{s}_{1} 3u^2 du", 1, "s"),
        ("\\int_{-\\infty}^s 3u^2 \\, du", -sympy.oo, "s"),
    ],
)
def test_integral_is_read_with_its_limits_and_variable(latex: str, lower, upper) -> None:  # type: ignore[no-untyped-def]
    notation = Notation({})
    (lhs, _) = (s.expr for s in notation.statement(f"{latex} = 1").sides)
    u, s = notation.names.symbol("u"), notation.names.symbol("s")
    hi = s if upper == "s" else upper
    assert lhs == sympy.Integral(3 * u**2, (u, lower, hi))
    assert lhs.free_symbols == {s}  # u is bound


@pytest.mark.parametrize(
    ("latex", "symbols", "verdict"),
    [
        ("\\int_{0}^{s} 3u^2\\,du = s^3", {}, Verdict.VERIFIED),
        ("\\int_{0}^{s} 3u^2\\,du = 3 s^3", {}, Verdict.REFUTED),
        (
            "\\int_{-\\infty}^{s} \\sigma(u)\\,du = \\log(1 + e^{s})",
            {"sigma": "sigmoid"},
            Verdict.VERIFIED,
        ),
        (
            "\\int_{-\\infty}^{s} \\sigma(u)\\,du = \\log(1 + e^{-s})",
            {"sigma": "sigmoid"},
            Verdict.REFUTED,
        ),
        (
            "\\frac{d}{ds} \\int_{1}^{s} \\frac{1}{u}\\,du = \\frac{1}{s}",
            {"s": "positive"},
            Verdict.VERIFIED,
        ),
    ],
)
def test_integral_is_checked_through_its_closed_form(
    latex: str, symbols: dict[str, str], verdict: Verdict
) -> None:
    r = check(latex, symbols=symbols)
    assert r.verdict is verdict, r.message


@pytest.mark.parametrize(
    ("latex", "fragment", "words"),
    [
        ("\\int_{0} u\\,du = 1", "\\int_{0}", "both limits"),
        ("\\int_{0}^{1} u^2 = 1", "\\int_{0}^{1} u^2", "its differential"),
        ("\\int_{0}^{1} du = 1", "\\int_{0}^{1} d", "nothing to integrate"),
        ("\\int_{0}^{u} u\\,du = 1", "\\int_{0}^{u} u\\,du", "in its limits"),
        ("\\int_{0}^{1} u\\,du_1 = 1", "u_1", "one plain name"),
        # it was read as the square of the whole integral
        ("\\int_{0}^{1} u^2\\,du^2 = 1", "du^", "a power on the differential"),
    ],
)
def test_integral_that_cannot_be_read(latex: str, fragment: str, words: str) -> None:
    with pytest.raises(LatexError, match=words) as info:
        Notation(make_specs({})).statement(latex)
    assert info.value.fragment == fragment


@pytest.mark.parametrize(
    ("latex", "words"),
    [
        ("\\int_{0}^{1} \\frac{1}{u}\\,du = 1", "the integral diverges"),
        ("\\int_{0}^{s} f(u)\\,du = s", "no closed form"),
    ],
)
def test_integral_that_cannot_be_written_out_is_an_error(latex: str, words: str) -> None:
    r = check(latex, symbols={"f": "function"})
    assert r.verdict is Verdict.ERROR and words in r.message


def test_a_second_differential_is_an_error() -> None:
    with pytest.raises(LatexError, match="a second differential"):
        Notation({}).statement("\\int_{0}^{s} u\\,du\\,dv = 1")
