"""A layered or sample-indexed family given only at particular layers (derive/checks/gaps.py),
driven by tests/checks/layer_gaps.toml: a disagreement that draws a member at a layer no
definition covers is `undecided` naming it, never a refutation; a disagreement where every
member drawn is defined still refutes, and a family never given, or the input layer 0, is still
drawn as a free value of a counterexample."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from derive import ClaimResult, DiagnosisKind, Verdict, catalog, check_claim

FILE = catalog.load([Path(__file__).parent / "layer_gaps.toml"])
CLAIMS = {c.id: c for c in FILE.claims}

# claim id -> what the undecided verdict's message must say (member, covered layers, instance)
UNKNOWN = {
    "bp2-output-error-only": (
        "the sides differ only at points that draw a value for a name nothing defines",
        "\\delta^{[1]} is given only at layer L",
        "at layer 1 (l = 1, L = 2) nothing defines or uses it: give \\delta^{[l]} for every layer",
    ),
    "bp2-matrix-output-error-only": (
        "\\delta^{[1]} is given only at layer L (\\delta^{[L]} = (a^{[L]} - y) \\odot",
        "at layer 1 (l = 1, L = 2) nothing defines or uses it",
    ),
    "bp2-one-below-output": (
        "\\delta^{[1]} is given only at layer L",
        "at layer 1 (L = 2) nothing defines or uses it",
    ),
    "update-output-error-only": (
        "not a descent step only at points that draw a value for a name nothing defines",
        "\\delta^{[1]} is given only at layer L",
        "at layer 1 (l = 1, L = 2)",
    ),
    "sample-one-only": (
        "\\hat{y}^{(2)} is given only at sample 1",
        "at sample 2 nothing defines or uses it: give \\hat{y}^{(i)} for every sample",
    ),
}

# refuted claim id -> (a name the counterexample must draw, or "" for none; the instance's
# values it must be found at)
REFUTED = {
    # found at l = L, where \delta is defined (at l = 1 a disagreement is no counterexample)
    "output-error-only-false-at-output": ("", {"l": 2, "L": 2}),
    "update-ascent-at-output": ("", {"l": 2, "L": 2}),
    # a family never given: free at every layer, as before
    "bp2-error-never-given": ("\\delta^{[1]}_{1}", {"l": 1}),
    # a given only at layer 1: layer 0 is the input, drawn as before
    "numbered-layer-input-drawn": ("a^{[0]}_{1}", {"L": 1}),
    "input-given-beside-general-layer-mutant": ("x_{1}", {}),
    "sample-one-only-mutant": ("x^{(1)}", {"i": 1}),
    # a given at layer 2 (or L) only, but a^{[1]} is used by the definition of z^{[2]}: an input
    "hidden-activation-an-input": ("a^{[1]}_{1}", {}),
    "output-activation-general-forward": ("a^{[1]}_{1}", {"L": 2}),
    # used by no definition, but layer 0 is the input
    "input-layer-used-by-no-definition": ("a^{[0]}_{1}", {"L": 2}),
}


# no `expect` reads as verified: the undecided claims are left out
VERIFIED = sorted(c.id for c in FILE.claims if c.expect is Verdict.VERIFIED and c.id not in UNKNOWN)


@functools.cache
def result(claim_id: str) -> ClaimResult:
    return check_claim(CLAIMS[claim_id])


def test_the_file_reads_and_every_claim_is_listed() -> None:
    assert [p.format() for p in FILE.problems] == []
    listed = {*UNKNOWN, *REFUTED, "bp2-transposed-weight", *VERIFIED}
    assert sorted(listed) == sorted(CLAIMS)


@pytest.mark.parametrize("claim_id", sorted(UNKNOWN))
def test_a_member_nothing_defines_is_no_counterexample(claim_id: str) -> None:
    r = result(claim_id)
    assert r.verdict is Verdict.UNDECIDED, r.message
    assert r.counterexample is None and r.diagnosis is None
    for part in UNKNOWN[claim_id]:
        assert part in r.message, r.message


@pytest.mark.parametrize("claim_id", sorted(REFUTED))
def test_a_counterexample_drawing_only_defined_members_or_inputs_refutes(claim_id: str) -> None:
    r = result(claim_id)
    assert r.verdict is Verdict.REFUTED, r.message
    assert r.counterexample is not None
    drawn, where = REFUTED[claim_id]
    point = dict(r.counterexample.point)
    sizes = dict(r.counterexample.sizes)
    assert {k: sizes.get(k) for k in where} == where, sizes
    if drawn:
        assert drawn in point, point
    # never a member of \delta or \hat{y} at a layer or sample its definitions do not cover
    assert not any(k.startswith(("\\delta^{[1]}", "\\hat{y}^{(2)}")) for k in point) or (
        claim_id == "bp2-error-never-given"
    ), point
    kind = CLAIMS[claim_id].expect_kind
    if kind is not None:
        assert r.diagnosis is not None and r.diagnosis.kind is kind


def test_a_shape_that_does_not_fit_still_refutes() -> None:
    """w^{[l+1]}_{kj} past the width of its layer: no value is drawn for it."""
    r = result("bp2-transposed-weight")
    assert r.verdict is Verdict.REFUTED
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.SHAPE
    assert r.counterexample is None
    assert "outside 1..2" in r.message, r.message


@pytest.mark.parametrize("claim_id", VERIFIED)
def test_a_claim_holding_whatever_the_member_is_verified(claim_id: str) -> None:
    r = result(claim_id)
    assert r.verdict is Verdict.VERIFIED, r.message
    assert "proved by SymPy" in r.message


# --- code against a quantity given at one sample only (derive/checks/code.py) --------------------

COURSE = """
def predict(w, b, x):
    return w * x + b

def predict_twice(w, b, x):
    return 2 * (w * x + b)
"""


def _code_claim(claim_id: str, function: str) -> str:
    return (
        f'[[claim]]\nid = "{claim_id}"\ncode = "course.py:{function}"\n'
        "given = ['\\hat{y}^{(1)} = w x^{(1)} + b']\n"
        "implements = '\\hat{y}^{(i)}'\n"
        'args = { w = "w", b = "b", x = \'x^{(i)}\' }\n'
    )


def test_code_differing_only_at_a_sample_nothing_defines_is_undecided(tmp_path: Path) -> None:
    """At i = 2 the formula's \\hat{y}^{(2)} is a name nothing defines: the code's value there
    is no counterexample (it was refuted); a factor the code gets wrong at i = 1 still refutes,
    diagnosed from the ratios of the points where the formula is defined."""
    (tmp_path / "course.py").write_text(COURSE, encoding="utf-8")
    toml = tmp_path / "f.toml"
    toml.write_text(
        _code_claim("right", "predict") + "\n" + _code_claim("twice", "predict_twice"),
        encoding="utf-8",
    )
    right, twice = (check_claim(c) for c in catalog.load(toml).claims)
    assert right.verdict is Verdict.UNDECIDED, right.message
    assert "\\hat{y}^{(2)} is given only at sample 1" in right.message
    assert right.counterexample is None
    assert twice.verdict is Verdict.REFUTED, twice.message
    assert twice.diagnosis is not None and twice.diagnosis.kind is DiagnosisKind.FACTOR
    assert twice.counterexample is not None and dict(twice.counterexample.sizes) == {"i": 1}
