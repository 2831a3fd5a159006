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
    "width-written-for-one-layer-only-mutant": lambda s: (
        s["l"] >= 2 and s["r"] >= 1 and s["r"] + 2 <= s[f"n^{{[{s['l'] - 1}]}}"]
    ),
    "width-given-by-a-size-name-only-at-bound": lambda s: (
        s["r"] >= 1 and s["r"] + 4 <= s["n^{[0]}"] == s["m"]
    ),
    "numbered-index-of-a-declared-size-mutant": lambda s: s["n"] >= 3,
    "numbered-sum-limit-of-a-declared-size-mutant": lambda s: s["n"] >= 5,
    "numbered-sum-of-a-layer-mutant": lambda s: s["n^{[1]}"] == 3,
    "element-at-a-declared-count-mutant": lambda s: s["n"] != 2,
    "element-at-a-shape-size-mutant": lambda s: s["n"] != 2,
}

# claim id -> (size, value): a number written over a slot sizes it in every size set
EXACT: dict[str, tuple[str, int]] = {
    "numbered-sum-of-a-layer": ("n^{[1]}", 3),
    "partial-sum-beside-a-numbered-index": ("n^{[1]}", 3),
    "two-numbered-sums-of-a-declared-size": ("n", 3),
}

# claim id -> (size, k): an index k written as a number says size >= k; a verified claim is
# checked at k and past it (a claim true only at k cannot pass)
LEAST: dict[str, tuple[str, int]] = {
    "numbered-index-of-a-declared-size": ("n", 3),
    "numbered-index-of-a-layer": ("n^{[1]}", 5),
    "floor-of-a-declared-size": ("n", 4),
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
    "limit-below-a-number": "r + 1 <= 2",
    "width-given-by-a-size-name": "r + 4 <= n^{[0]}",
    "width-written-for-one-layer-only": "r + 2 <= n^{[l - 1]}",
}

NO_SIZES = catalog.load([Path(__file__).parent / "no_sizes.toml"])
# claim id -> the reason its verdict must give
NO_ROOM: dict[str, str] = {
    "no-sizes-length-one": "no value r >= 1 meets r + 1 <= 1",
    "no-sizes-length-one-mutant": "no value r >= 1 meets r + 1 <= 1",
    "no-sizes-written-width": "r + 2 <= n^{[0]}, n^{[0]} = 2",
    "no-sizes-free-index": "no value i >= 1 meets i + 1 <= 1",
}


def _params() -> list[object]:
    return [pytest.param(c, id=c.id) for c in CLAIMS]


def test_fixture_reads_cleanly() -> None:
    assert [p.format() for p in OWN.problems] == []
    ids = {c.id for c in CLAIMS}
    assert sorted((set(ALLOWED) | set(NOTE) | set(LEAST) | set(EXACT)) - ids) == []
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
        # checked in two size sets: at the bound and below it (r + 1 <= 2 leaves r = 1 alone;
        # a free layer l gives one more where l - 1 has room, never l = 1)
        want = {"limit-below-a-number": 1, "width-written-for-one-layer-only": 3}
        assert len(result.sizes) == want.get(claim.id, 2)
    if claim.id in EXACT:
        name, value = EXACT[claim.id]
        assert result.sizes and {dict(s)[name] for s in result.sizes} == {value}, result.sizes
    if claim.id in LEAST:
        name, k = LEAST[claim.id]
        drawn = [dict(s)[name] for s in result.sizes]
        assert min(drawn) == k and max(drawn) > k, result.sizes
    if claim.id == "width-written-for-one-layer-only":  # r has room at a layer l - 1 >= 1
        for drawn in map(dict, result.sizes):
            widths = [drawn[f"n^{{[{k}]}}"] for k in range(1, drawn["L"])]
            assert drawn["n^{[0]}"] == 2 and drawn["r"] + 2 <= max(widths), drawn


def test_no_sizes_file_reads_cleanly() -> None:
    assert [p.format() for p in NO_SIZES.problems] == []
    assert sorted(NO_ROOM) == sorted(c.id for c in NO_SIZES.claims)


@pytest.mark.parametrize("claim", [pytest.param(c, id=c.id) for c in NO_SIZES.claims])
def test_no_sizes(claim: Claim) -> None:
    """A claim no sizes allow is undecided, saying which bound leaves which name no value:
    neither a counterexample nor sizes (it was refuted as a shape at sizes derive chose)."""
    (result,) = run_claims([claim], OPTIONS)
    assert result.verdict is Verdict.UNDECIDED, result.message
    assert result.message.startswith("no sizes allow the claim as written"), result.message
    assert NO_ROOM[claim.id] in result.message
    assert result.counterexample is None and result.sizes == ()


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
