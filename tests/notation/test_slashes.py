"""The divisor of an inline slash (notation/slashes.py): a product of juxtaposed factors after a
`/` is an error with a caret, a divisor of one factor is read, and a Leibniz ratio written
inline (`dL/dw`) is a derivative. Driven by the tables below and tests/fixtures/slashes.toml."""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy

from derive import Method, Verdict, catalog, check_claim
from derive.notation.slashes import AMBIGUOUS
from tests.notation.reading import Build, assert_read_error, check, read

REALS = {"a": "real", "b": "real", "c": "real", "m": "real", "x": "real", "y": "real"}


@pytest.mark.parametrize(
    ("latex", "fragment"),
    [
        ("1/2 x", "/2 x"),  # (1/2)x or 1/(2x): a number then a name is two factors
        ("1/2m", "/2m"),
        ("a/b c", "/b c"),
        ("1/2m \\sum_{i=1}^{m} (x_i - y_i)^2", "/2m \\sum_{i=1}^{m} (x_i - y_i)^2"),
        ("1/(2m) x", "/(2m) x"),  # latex2sympy2: 1/(2m x)
        ("a/b^2 c + 1", "/b^2 c"),  # the divisor ends at the +
        ("x/2y, 1", "/2y"),
        ("\\frac{1}{x/2 y}", "/2 y"),  # the end of the group ends the divisor
        ("(a/b c)^2", "/b c"),
        ("a/\\sin x \\cos x", "/\\sin x \\cos x"),  # two functions without parentheses
        ("\\ln x / \\ln 2 y", "/ \\ln 2 y"),  # ln(2y) or (ln 2) y: the argument is a product
        ("a/\\sum_i x_i y_i", "/\\sum_i x_i y_i"),
        ("x/dy", "/dy"),  # no d before the numerator: no Leibniz ratio
        ("d/dx x^2", "/dx x^2"),  # the inline operator d/dx is not read: d/(d x x^2)
    ],
)
def test_a_product_after_a_slash_is_ambiguous(latex: str, fragment: str) -> None:
    assert_read_error(latex, fragment, AMBIGUOUS, REALS)


@pytest.mark.parametrize(
    ("latex", "build"),
    [
        ("x/2", lambda n: n.symbol("x") / 2),
        ("a/b^2", lambda n: n.symbol("a") / n.symbol("b") ** 2),
        ("1/(2m)", lambda n: 1 / (2 * n.symbol("m"))),
        ("x / \\sqrt{y}", lambda n: n.symbol("x") / sympy.sqrt(n.symbol("y"))),
        ("\\ln x / \\ln 2", lambda n: sympy.log(n.symbol("x")) / sympy.log(2)),
        ("a/-b", lambda n: -n.symbol("a") / n.symbol("b")),
        ("2/3", lambda n: sympy.Rational(2, 3)),
        ("x^{1/2}", lambda n: sympy.sqrt(n.symbol("x"))),
        # what ends the divisor: an explicit product, a term, another slash, a relation side
        ("1/2 \\cdot x", lambda n: n.symbol("x") / 2),
        ("a/b * c", lambda n: n.symbol("a") * n.symbol("c") / n.symbol("b")),
        ("a/b + c", lambda n: n.symbol("a") / n.symbol("b") + n.symbol("c")),
        ("a/b/c", lambda n: n.symbol("a") / n.symbol("b") / n.symbol("c")),
        ("(1/2) x", lambda n: n.symbol("x") / 2),
        ("a/\\max(b, c)", lambda n: n.symbol("a") / sympy.Max(n.symbol("b"), n.symbol("c"))),
        ("a/\\frac{b}{c}", lambda n: n.symbol("a") * n.symbol("c") / n.symbol("b")),
    ],
)
def test_a_divisor_of_one_factor_is_read(latex: str, build: Build) -> None:
    check(latex, build, REALS)


@pytest.mark.parametrize(
    ("latex", "build"),
    [
        ("dL/dw", lambda n: sympy.Derivative(n.symbol("L"), n.symbol("w"))),
        ("d^2L/dw^2", lambda n: sympy.Derivative(n.symbol("L"), (n.symbol("w"), 2))),
        (
            "d(H-y)^2/dH",
            lambda n: sympy.Derivative((n.symbol("H") - n.symbol("y")) ** 2, n.symbol("H")),
        ),
        ("\\partial E/\\partial w", lambda n: sympy.Derivative(n.symbol("E"), n.symbol("w"))),
        ("2 dL/dw", lambda n: 2 * sympy.Derivative(n.symbol("L"), n.symbol("w"))),
        (  # a chain: the second d opens the next ratio, it is no second variable
            "dL/dH dH/dw",
            lambda n: (
                sympy.Derivative(n.symbol("L"), n.symbol("H"))
                * sympy.Derivative(n.symbol("H"), n.symbol("w"))
            ),
        ),
        ("d^2L/dw dH", lambda n: sympy.Derivative(n.symbol("L"), n.symbol("w"), n.symbol("H"))),
    ],
)
def test_an_inline_leibniz_ratio_is_a_derivative(latex: str, build: Build) -> None:
    """Read as a quotient, dL/dw was (d L)/(d w) = L/w."""
    check(latex, build, {"L": "real", "w": "real", "H": "real", "y": "real", "E": "real"})


def test_a_sum_is_one_factor_of_a_divisor() -> None:
    expr, _ = read("a/\\sum_{i=1}^{n} x_i", REALS)
    (power,) = [f for f in sympy.Mul.make_args(expr) if isinstance(f, sympy.Pow)]
    assert power.exp == -1 and isinstance(power.base, sympy.Sum)


FIXTURE = Path(__file__).parents[1] / "fixtures" / "slashes.toml"
CLAIMS = catalog.load([FIXTURE]).claims


@pytest.mark.parametrize("claim", CLAIMS, ids=[c.id for c in CLAIMS])
def test_slash_claims_as_expected(claim: catalog.Claim) -> None:
    result = check_claim(claim)
    assert result.as_expected, (result.verdict, result.message)
    if result.verdict is Verdict.ERROR and claim.id == "d-over-d":
        assert "an incomplete Leibniz ratio: d/d names no function" in result.message
        assert "x \\cdot d/d = x\n            ^^^" in result.message  # the caret under d/d
    elif result.verdict is Verdict.ERROR:
        assert "ambiguous: write \\frac{..}{..} or parentheses" in result.message
    if result.verdict is Verdict.VERIFIED:
        assert Method.SYMBOLIC in result.methods


def test_the_inline_ratio_is_refuted_by_the_derivative_not_the_quotient() -> None:
    """dL/dw = w with L = w^2 holds for the quotient L/w; the derivative 2w refutes it."""
    (result,) = [check_claim(c) for c in CLAIMS if c.id == "inline-d-ratio-wrong"]
    point = result.counterexample
    assert result.verdict is Verdict.REFUTED and point is not None
    ((_, w),) = point.point
    assert float(point.lhs) == pytest.approx(2 * float(w), rel=1e-12)
