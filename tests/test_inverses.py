"""Inverse functions (derive/inverses.py, read by notation/calls.py): `\\sigma^{-1}(x)` is solved
for once the function is elementary, only where it exists and is one-to-one."""

from __future__ import annotations

import pytest

from derive import Verdict
from derive.errors import LatexError
from derive.inverses import InverseOf
from derive.notation.statements import Notation
from tests.conftest import check
from tests.notation.reading import make_specs


def test_inverse_is_read_with_the_interval_of_its_argument() -> None:
    notation = Notation(make_specs({"sigma": "sigmoid", "q": "unit"}))
    (lhs, _) = (s.expr for s in notation.statement("\\sigma^{-1}(q) = 1").sides)
    assert isinstance(lhs, InverseOf)
    body, t, arg, lo, hi = lhs.args
    assert body.func.__name__ == "sigmoid"  # the declared activation at the stand-in
    assert body.args == (t,) and (arg, lo, hi) == (notation.names.symbol("q"), 0, 1)
    assert lhs.free_symbols == {arg}  # the stand-in t is bound


@pytest.mark.parametrize(
    ("latex", "symbols", "given", "verdict"),
    [
        # the inverse of the sigmoid, a known activation, on the unit interval
        ("\\forall q \\in (0, 1), \\sigma^{-1}(q) = -\\log(1/q - 1)", {}, [], Verdict.VERIFIED),
        ("\\forall q \\in (0, 1), \\sigma^{-1}(q) = \\log(1/q - 1)", {}, [], Verdict.REFUTED),
        # a function given defines, one-to-one on the reals
        ("\\forall u>0, h^{-1}(u) = \\frac{1}{3}\\log u", {}, ["h(t) = e^{3t}"], Verdict.VERIFIED),
        ("\\forall u>0, h^{-1}(u) = 3\\log u", {}, ["h(t) = e^{3t}"], Verdict.REFUTED),
        # its derivative, through the closed form
        (
            "\\forall u>0, \\frac{d}{du} h^{-1}(u) = \\frac{1}{3u}",
            {},
            ["h(t) = e^{3t}"],
            Verdict.VERIFIED,
        ),
    ],
)
def test_inverse_is_checked_through_its_closed_form(
    latex: str, symbols: dict[str, str], given: list[str], verdict: Verdict
) -> None:
    r = check(latex, symbols={"sigma": "sigmoid", **symbols}, given=given)
    assert r.verdict is verdict, r.message


@pytest.mark.parametrize(
    ("latex", "symbols", "given", "words"),
    [
        # where the inverse does not exist: the argument's domain is wider than f's values
        ("\\sigma^{-1}(q) = 1", {}, [], "exists only on Interval.open(0, 1)"),
        ("\\forall u>0, \\sigma^{-1}(u) = 1", {}, [], "exists only on Interval.open(0, 1)"),
        # not one-to-one: t^2 = s has two solutions
        ("\\forall u>0, h^{-1}(u) = \\sqrt{u}", {}, ["h(t) = t^2"], "has not one solution"),
    ],
)
def test_inverse_that_does_not_exist_there_is_an_error(
    latex: str, symbols: dict[str, str], given: list[str], words: str
) -> None:
    r = check(latex, symbols={"sigma": "sigmoid", **symbols}, given=given)
    assert r.verdict is Verdict.ERROR
    assert words in r.message


@pytest.mark.parametrize(
    ("latex", "fragment", "words"),
    [
        ("f^{-1}(u) = 1", "f^{-1}(u)", "read only for a known function"),
        ("\\sigma^{-1}(2u) = 1", "(2u)", "read as one name"),
        ("\\sigma^{2}(u) = 1", "\\sigma^{2}(", "a superscript between the function"),
        ("\\exp^{-1}(u) = 1", "\\exp^", "the inverse function, or a reciprocal?"),
        ("\\log^{-1}(u) = 1", "\\log^", "the inverse function, or a reciprocal?"),
    ],
)
def test_inverse_that_cannot_be_read(latex: str, fragment: str, words: str) -> None:
    notation = Notation(make_specs({"sigma": "sigmoid", "f": "function", "u": "unit"}))
    with pytest.raises(LatexError, match=words) as info:
        notation.statement(latex)
    assert info.value.fragment == fragment
