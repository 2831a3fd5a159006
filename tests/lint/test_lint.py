"""The lint entry points (lint/__init__.py): unreadable input gives no warnings, readable input never
raises, and the engine puts the warnings on its results."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from derive.engine import check_linted
from derive.lint import lint
from derive.model import ClaimResult, Notice, Verdict
from derive.run import RunOptions, run_claims
from derive.settings import Settings
from tests.conftest import make_claim
from tests.lint.linting import MEAN

# -- unreadable input, and the hook --------------------------------------------------------------


@pytest.mark.parametrize(
    ("latex", "given"),
    [
        ("\\frac{1}{2 = \\frac{1}{n}\\sum_{j=0}^{n} x_j", ()),
        ("m = \\frac{1}{n}\\sum_{j=0}^{n} x_j", ("a = \\foo",)),
        ("g(x) = \\frac{1}{n}\\sum_{j=0}^{n} x_j", ()),  # an undeclared function
    ],
)
def test_unreadable_claim_gives_no_warnings(latex: str, given: tuple[str, ...]) -> None:
    assert lint(make_claim(latex, given=given)) == ()


ATOMS = ["x_j", "x_0", "x_{j+1}", "y", "L", "w_{ij}", "a^{[L]}_j", "\\sigma(z)", "\\sigma_j", "n"]
SUMS = st.builds(
    "\\{}_{{{}={}}}^{{{}}} ({})".format,
    st.sampled_from(["sum", "prod"]),
    st.sampled_from(["i", "j"]),
    st.sampled_from(["0", "1", "2"]),
    st.sampled_from(["n", "n-1", "n+1", "m"]),
    st.sampled_from(ATOMS),
)
TERMS = st.one_of(
    st.sampled_from(ATOMS),
    SUMS,
    st.builds("\\frac{{1}}{{{}}}{}".format, st.sampled_from(["n", "m", "n-1"]), SUMS),
)
EXPRS = st.lists(TERMS, min_size=1, max_size=3).map(" + ".join)


@settings(deadline=None, max_examples=25)
@given(lhs=EXPRS, rhs=EXPRS, loss=st.none() | EXPRS)
def test_lint_never_raises_on_readable_input(lhs: str, rhs: str, loss: str | None) -> None:
    claim = make_claim(
        f"{lhs} = {rhs}", given=(f"L = {loss}",) if loss else (), symbols={"sigma": "sigmoid"}
    )
    notices = lint(claim)  # raises nothing, whatever the reader makes of the input
    assert all(isinstance(n, Notice) and n.message and n.latex for n in notices)


MEAN_CLAIM = "\\frac{1}{n}\\sum_{j=0}^{n} x_j = \\frac{\\sum_{j=0}^{n} x_j}{n}"


def test_check_linted_puts_warnings_on_partial_and_final_results() -> None:
    partials: list[ClaimResult] = []
    result = check_linted(make_claim(MEAN_CLAIM), Settings(), partials.append)
    assert result.verdict is Verdict.VERIFIED  # a warning never changes the verdict
    assert [w.kind for w in result.warnings] == [MEAN]
    assert partials and all(p.warnings == result.warnings for p in partials)


@pytest.mark.parametrize("timeout", [None, 60.0], ids=["in-process", "worker"])
def test_run_claims_returns_warnings(timeout: float | None) -> None:
    claims = [make_claim(MEAN_CLAIM, claim_id="a"), make_claim("(x+1)^2 = x^2+2x+1", claim_id="b")]
    a, b = run_claims(claims, RunOptions(timeout=timeout))
    assert [w.kind for w in a.warnings] == [MEAN]
    assert b.warnings == ()
