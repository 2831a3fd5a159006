"""A function written without parentheses takes the juxtaposed product after it: a division or an
explicit product at its level ends the argument (notation/bare_arguments.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy

from derive import Method, Verdict, catalog, check_claim
from derive.model import Claim
from derive.notation.bare_arguments import bind_bare_arguments
from derive.notation.tokens import tokenize
from tests.notation.reading import Build, assert_read_error, check, read

ln = sympy.log


@pytest.mark.parametrize(
    ("latex", "build"),
    [
        # latex2sympy2 alone reads each of these with the whole quotient or product inside
        (r"\ln x / \ln 2", lambda n: ln(n.symbol("x")) / ln(2)),
        (r"\sin x / y", lambda n: sympy.sin(n.symbol("x")) / n.symbol("y")),
        (r"\log x \cdot y", lambda n: ln(n.symbol("x")) * n.symbol("y")),
        (r"\exp x \times y", lambda n: sympy.exp(n.symbol("x")) * n.symbol("y")),
        (r"\sin^2 x / 2", lambda n: sympy.sin(n.symbol("x")) ** 2 / 2),
        (r"\log_2 x / y", lambda n: ln(n.symbol("x")) / ln(2) / n.symbol("y")),
        (
            r"\sin \frac{x}{y} / z",
            lambda n: sympy.sin(n.symbol("x") / n.symbol("y")) / n.symbol("z"),
        ),
        # unchanged: the juxtaposed product is the argument, a parenthesis is a call
        (r"\ln 2x", lambda n: ln(2 * n.symbol("x"))),
        (r"\exp x y", lambda n: sympy.exp(n.symbol("x") * n.symbol("y"))),
        (r"\sin x \cos y / 2", lambda n: sympy.sin(n.symbol("x")) * sympy.cos(n.symbol("y")) / 2),
        (r"\ln(x) / 2", lambda n: ln(n.symbol("x")) / 2),
        (r"\ln x + y / 2", lambda n: ln(n.symbol("x")) + n.symbol("y") / 2),
    ],
)
def test_bare_argument_ends_at_a_division_or_explicit_product(latex: str, build: Build) -> None:
    check(latex, build, {"x": "real", "y": "real", "z": "real"})


def test_inserted_parentheses_are_zero_width_at_the_argument() -> None:
    """The parentheses point at the argument as written, so a caret never covers them."""
    latex = r"\ln x / 2"
    tokens = bind_bare_arguments(tokenize(latex))
    assert [t.text for t in tokens] == ["\\ln", "(", "x", ")", "/", "2"]
    opened, closed = tokens[1], tokens[3]
    assert (opened.start, opened.end) == (latex.index("x"),) * 2
    assert (closed.start, closed.end) == (latex.index("x") + 1,) * 2


FIXTURE = Path(__file__).parents[1] / "fixtures" / "published.toml"
CLAIMS = {c.id: c for c in catalog.load([FIXTURE]).claims}


@pytest.mark.parametrize("claim_id", ["change-of-base", "sine-over-y"])
def test_quotients_after_bare_functions_are_proved(claim_id: str) -> None:
    """Read as ln(x / ln 2), the change of base was an internal error (log(2, E) reached NumPy),
    and a refutation at that: the quotient is outside the argument."""
    result = check_claim(CLAIMS[claim_id])
    assert result.verdict is Verdict.VERIFIED
    assert Method.SYMBOLIC in result.methods


def test_the_divisor_after_a_bare_function_is_outside_it() -> None:
    """Read as ln(x/2), the derivative would be 1/x and the claim verified."""
    result = check_claim(CLAIMS["log-over-two-derivative"])
    assert result.verdict is Verdict.REFUTED and result.as_expected
    point = result.counterexample
    assert point is not None
    ((_, x),) = point.point
    assert float(point.lhs) == pytest.approx(1 / (2 * float(x)), rel=1e-12)


FACTORS = Path(__file__).parents[1] / "fixtures" / "bare_factors.toml"
FACTOR_CLAIMS = catalog.load([FACTORS]).claims


@pytest.mark.parametrize("claim", FACTOR_CLAIMS, ids=lambda c: c.id)
def test_a_parenthesised_factor_after_a_bare_argument(claim: Claim) -> None:
    """`\\tanh x (1 - \\tanh^2 x)`: the reader does not pick tanh(x (1 - tanh² x)) or
    tanh(x) (1 - tanh² x); written with parentheses, or after a declared function's call, or
    after an explicit product, the same forms read and verify."""
    result = check_claim(claim)
    assert result.as_expected, (claim.id, result.verdict, result.message)
    if claim.expect is Verdict.ERROR:
        assert "without parentheses, then a parenthesised factor" in (result.message or "")
    else:
        assert Method.SYMBOLIC in result.methods


@pytest.mark.parametrize(
    ("latex", "fragment"),
    [
        pytest.param(r"\tanh x (1 - \tanh^2 x)", r"\tanh x (1 - \tanh^2 x)", id="tanh"),
        pytest.param(r"\sin 2(x + 1)", r"\sin 2(x + 1)", id="number-first"),
        pytest.param(r"y + \log x \left(1 - x\right)", r"\log x \left(1 - x\right)", id="left"),
        pytest.param(r"\exp \theta (\theta - 1)", r"\exp \theta (\theta - 1)", id="greek"),
        pytest.param(r"\tanh x^{2} (1 - x)", r"\tanh x^{2} (1 - x)", id="script-group"),
        pytest.param(r"\log \hat{y} (1 - \hat{y})", r"\log \hat{y} (1 - \hat{y})", id="accent"),
        pytest.param(r"\tanh x_i (1 - x_i)", r"\tanh x_i (1 - x_i)", id="subscript"),
    ],
)
def test_a_bare_argument_then_a_parenthesised_factor_is_an_error(latex: str, fragment: str) -> None:
    assert_read_error(latex, fragment, "without parentheses, then a parenthesised factor")


@pytest.mark.parametrize(
    ("latex", "build"),
    [
        (r"\log x + (1 - x)", lambda n: ln(n.symbol("x")) + 1 - n.symbol("x")),
        (r"\sin x (y)", lambda n: sympy.sin(n.symbol("x") * n.symbol("y"))),
    ],
)
def test_groups_a_bare_argument_may_hold(latex: str, build: Build) -> None:
    """A group inside a script, after the argument's end, or holding one name (`\\sin x (y)`,
    read as before: no operator, so no second product to choose) reads as it did."""
    check(latex, build, {"x": "real", "y": "real"})


def test_a_declared_function_with_scripts_is_its_call() -> None:
    """`\\log \\sigma_{1}(z + 1)`: the group after the declared function's scripted name is its
    call (no error), as after `\\sigma` alone."""
    expr, _ = read(r"\log \sigma_{1}(z + 1)", {"sigma": "sigmoid", "z": "real"})
    assert isinstance(expr, sympy.log)
