"""Sizes bounded by an index or a sum's limit written with an offset, driven by
tests/fixtures/offsets.toml and the `partial-sum-below-*` claims of tests/fixtures/shapes.toml
(derive/shapes/offsets.py): a true claim is verified, each mutant refuted with a counterexample
at sizes the writing allows, and the verdict says what bounded the size."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from derive import Claim, DiagnosisKind, RunOptions, Verdict, catalog, run_claims
from derive.checks.instances import SizePlan
from derive.settings import Settings

FIXTURES = Path(__file__).parent.parent / "fixtures"
OWN = catalog.load([FIXTURES / "offsets.toml"])
BESIDE = [c for c in catalog.load([FIXTURES / "shapes.toml"]).claims if "partial-sum" in c.id]
CLAIMS = [*OWN.claims, *BESIDE]
OPTIONS = RunOptions(timeout=300)

Sizes = Mapping[str, int]


def _width(s: Sizes) -> int:
    return s[f"n^{{[{s['L']}]}}"]


# claim id -> what every size set of a counterexample must satisfy (what the writing allows)
ALLOWED: dict[str, Callable[[Sizes], bool]] = {
    "layer-partial-sum-index-mutant": lambda s: s["r"] >= 1 and s["r"] + 1 <= _width(s),
    "layer-partial-sum-only-at-bound": lambda s: s["r"] >= 1 and s["r"] + 1 <= _width(s),
    "layer-partial-sum-two-above-mutant": lambda s: s["r"] >= 1 and s["r"] + 2 <= _width(s),
    "vector-partial-sum-index-mutant": lambda s: s["r"] >= 1 and s["r"] + 1 <= s["n"],
    "vector-partial-sum-only-at-bound": lambda s: s["r"] >= 1 and s["r"] + 1 <= s["n"],
    "vector-index-below-mutant": lambda s: 2 <= s["r"] <= s["n"],
    "free-index-above-mutant": lambda s: s["i"] >= 1 and s["i"] + 1 <= s["n"],
    "zero-based-sum-mutant": lambda s: 1 <= s["r"] <= s["n"],
}

# claim id -> the bound its verdict's message names (the size note)
NOTE: dict[str, str] = {
    "partial-sum-below-layer-width": "r + 1 <= n^{[L]}",
    "partial-sum-below-declared-length": "r + 1 <= n",
    "layer-partial-sum-index-mutant": "r + 1 <= n^{[L]}",
    "layer-partial-sum-two-above": "r + 2 <= n^{[L]}",
    "vector-index-below": "r >= 2",
    "shifted-sum": "m <= n",
    "free-index-above": "i + 1 <= n",
}


def _params() -> list[object]:
    return [pytest.param(c, id=c.id) for c in CLAIMS]


def test_fixture_reads_cleanly() -> None:
    assert [p.format() for p in OWN.problems] == []
    ids = {c.id for c in CLAIMS}
    assert sorted((set(ALLOWED) | set(NOTE)) - ids) == []
    assert all(c.why for c in CLAIMS)


@pytest.mark.parametrize("claim", _params())
def test_offset_claim(claim: Claim) -> None:
    (result,) = run_claims([claim], OPTIONS)
    assert result.as_expected, result.message
    if claim.id in NOTE:
        assert NOTE[claim.id] in result.message
    if claim.expect_kind is DiagnosisKind.SHAPE:  # no sizes allow it: no point to give
        assert "outside" in result.message
    elif result.verdict is Verdict.REFUTED:
        assert result.counterexample is not None, result.message
        sizes = dict(result.counterexample.sizes)
        if claim.id in ALLOWED:  # a counterexample at sizes everything written allows
            assert ALLOWED[claim.id](sizes), sizes
    if result.verdict is Verdict.VERIFIED and claim.id in NOTE:
        assert len(result.sizes) == 2  # checked in two size sets: at the bound and below it


def test_bound_and_below_are_both_drawn() -> None:
    """The two size sets put r at n - 1 and below it (a claim true only at the bound cannot
    pass), with n raised where the drawn n leaves no room below."""
    (claim,) = [c for c in CLAIMS if c.id == "partial-sum-below-declared-length"]
    (result,) = run_claims([claim], OPTIONS)
    drawn = [dict(s) for s in result.sizes]
    assert {s["n"] - s["r"] for s in drawn} == {1, 2}, drawn


@pytest.mark.parametrize("claim", _params())
def test_verdict_holds_at_other_consistent_sizes(claim: Claim) -> None:
    """The soundness invariant: a third size set gives the same verdict."""
    settings = Settings(plan=SizePlan(size_sets=3, max_instances=3), diagnose=False)
    (result,) = run_claims([claim], RunOptions(timeout=300, settings=settings))
    assert result.verdict is claim.expect, result.message
