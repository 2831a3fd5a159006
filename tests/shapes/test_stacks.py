"""Stacked columns, driven by tests/fixtures/stacks.toml (derive/shapes/stacks.py): a name
defined as `[w \\\\ b]` is read as the column of w's entries then b, its declared length is
derived from w's (m = n + 1 in every size set, never drawn apart), and a length the writing fixes
otherwise is an error, never a refutation at sizes derive chose."""

from __future__ import annotations

from pathlib import Path

import pytest

from derive import Claim, RunOptions, Verdict, catalog, run_claims
from derive.model import SymbolSpec

FIXTURE = Path(__file__).parent.parent / "fixtures" / "stacks.toml"
LOADED = catalog.load([FIXTURE])
OPTIONS = RunOptions(timeout=300)


def test_fixture_reads_cleanly() -> None:
    assert [p.format() for p in LOADED.problems] == []
    assert all(c.why for c in LOADED.claims)


@pytest.mark.parametrize("claim", [pytest.param(c, id=c.id) for c in LOADED.claims])
def test_stacked_claim(claim: Claim) -> None:
    (result,) = run_claims([claim], OPTIONS)
    assert result.as_expected, result.message
    if result.verdict is Verdict.VERIFIED:  # checked at m = n + 1 only, in two size sets
        assert len(result.sizes) == 2, result.sizes
        assert all(dict(s)["m"] == dict(s)["n"] + 1 for s in result.sizes), result.sizes
    if claim.id == "penalty-on-merged-mutant":  # the correction divides by the norm of w
        assert result.diagnosis is not None and "the norm is over w only" in result.diagnosis.detail
        assert result.correction is not None  # in the author's spelling of the norm
        assert result.correction.endswith(r"= \frac{|\theta^T \tilde{x}|}{\|w\|}")
    if claim.id == "merged-dot-product-mutant":
        assert result.counterexample is not None
        sizes = dict(result.counterexample.sizes)
        assert sizes["m"] == sizes["n"] + 1, sizes


def _claim(latex: str, theta: str) -> Claim:
    symbols = {
        "w": SymbolSpec("w", shape=("n", "1")),
        r"\theta": SymbolSpec(r"\theta", shape=(theta, "1")),
    }
    given = (r"\theta = \begin{bmatrix} w \\ b \end{bmatrix}",)
    return Claim(id="t", latex=latex, given=given, symbols=symbols)


@pytest.mark.parametrize("latex", [r"\theta_3 = b", r"\theta^T \theta = w^T w + b^2"])
def test_a_written_length_that_the_stack_contradicts_is_an_error(latex: str) -> None:
    # \theta has 3 entries as declared, so w has 2: at the n derive draws (3, 4) the stack has
    # more; read as drawn, both true claims were refuted
    (result,) = run_claims([_claim(latex, "3")], OPTIONS)
    assert result.verdict is Verdict.ERROR, result.message
    assert "stacked column" in result.message


def test_an_undeclared_stack_is_not_read_as_a_vector_of_two() -> None:
    claim = _claim(r"\theta^T \theta = w^T w + b^2", "m")
    undeclared = Claim(
        id="t", latex=claim.latex, given=claim.given, symbols={"w": claim.symbols["w"]}
    )
    (result,) = run_claims([undeclared], OPTIONS)
    assert result.verdict is Verdict.ERROR, result.message
    assert r"\theta" in result.message
