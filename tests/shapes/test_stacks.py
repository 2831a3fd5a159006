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
    if claim.id.startswith("merged-written-length") and result.verdict is not Verdict.ERROR:
        assert result.sizes == ((("n", 2),),), result.sizes  # \phi = vector(3): n solved, 2
    elif result.verdict is Verdict.VERIFIED:  # checked at m = n + 1 only, in two size sets
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


def _claim(latex: str, theta: str, given: tuple[str, ...] = ()) -> Claim:
    symbols = {
        "w": SymbolSpec("w", shape=("n", "1")),
        r"\theta": SymbolSpec(r"\theta", shape=(theta, "1")),
    }
    given = (r"\theta = \begin{bmatrix} w \\ b \end{bmatrix}", *given)
    return Claim(id="t", latex=latex, given=given, symbols=symbols)


@pytest.mark.parametrize(
    ("latex", "theta", "given", "sizes"),
    [
        (r"\theta_3 = b", "3", (), (("n", 2),)),
        (r"\theta^T \theta = w^T w + b^2", "3", (), (("n", 2),)),
        (r"\theta_2 = w_2", "3", (), (("n", 2),)),
        (r"\theta_3 = b", "m", ("m = 3",), (("n", 2), ("m", 3))),
    ],
)
def test_a_written_length_solves_the_stacked_size(
    latex: str, theta: str, given: tuple[str, ...], sizes: tuple[tuple[str, int], ...]
) -> None:
    # \theta has 3 entries as written, so w has n = 2 (3 = n + 1): solved, never drawn. Drawn
    # (3, 4), the stack had more entries than written and the true claims were errors; solved,
    # n stays 2 where an index written as a number (w_2, \theta_3) raises drawn sizes past it
    (result,) = run_claims([_claim(latex, theta, given)], OPTIONS)
    assert result.verdict is Verdict.VERIFIED, result.message
    assert result.sizes == (sizes,), result.sizes


def test_a_written_length_that_the_stack_contradicts_is_an_error() -> None:
    # the sum to 5 over w's entries makes n = 5: the stack has 6 entries, \theta 3
    (result,) = run_claims([_claim(r"\theta^T \theta = \sum_{j=1}^{5} w_j^2 + b^2", "3")], OPTIONS)
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


def test_two_stacks_of_one_size_whose_entries_sum_apart_are_an_error() -> None:
    # \theta = [w \\ b] makes m = n + 1 and \psi = [x \\ c \\ d] makes m = n + 2: no instance.
    # Found by fuzzing (the lengths were kept one per size name, the last overwriting the first):
    # the claim was refuted at m = n + 1, entry (n + 2) of \theta out of range
    symbols = {
        "w": SymbolSpec("w", shape=("n", "1")),
        "x": SymbolSpec("x", shape=("n", "1")),
        r"\theta": SymbolSpec(r"\theta", shape=("m", "1")),
        r"\psi": SymbolSpec(r"\psi", shape=("m", "1")),
    }
    given = (
        r"\theta = \begin{bmatrix} w \\ b \end{bmatrix}",
        r"\psi = \begin{bmatrix} x \\ c \\ d \end{bmatrix}",
    )
    claim = Claim(id="t", latex=r"\theta^T \psi = w^T x + b c", given=given, symbols=symbols)
    (result,) = run_claims([claim], OPTIONS)
    assert result.verdict is Verdict.ERROR, result.message
    assert "stacked column" in result.message
