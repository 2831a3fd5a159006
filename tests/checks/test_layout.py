"""The gradient layout (`layout = "denominator" | "numerator"`): derivatives by vectors in either
layout, and the diagnosis `layout` for a claim true in the other one. Driven by
tests/fixtures/published.toml; each test asserts what decided the verdict."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from derive import DiagnosisKind, Method, Verdict, catalog, check_claim
from derive.errors import CatalogError
from derive.model import GradientLayout

FIXTURE = Path(__file__).parents[1] / "fixtures" / "published.toml"
CLAIMS = {c.id: c for c in catalog.load([FIXTURE]).claims if c.id.startswith("layout-")}


def test_default_layout_is_denominator_and_a_claim_can_set_it() -> None:
    assert CLAIMS["layout-grad-Ax-denominator"].layout is GradientLayout.DENOMINATOR
    assert CLAIMS["layout-grad-Ax-numerator"].layout is GradientLayout.NUMERATOR


def test_meta_layout_is_the_default_of_every_claim(write_toml) -> None:  # type: ignore[no-untyped-def]
    path = write_toml(
        "f.toml",
        '[meta]\nlayout = "numerator"\n[[claim]]\nid = "a"\nclaim = "x = x"\n'
        '[[claim]]\nid = "b"\nlayout = "denominator"\nclaim = "x = x"\n',
    )
    got = {c.id: c.layout for c in catalog.load([path]).claims}
    assert got == {"a": GradientLayout.NUMERATOR, "b": GradientLayout.DENOMINATOR}


def test_bad_layout_is_a_problem_naming_the_values(write_toml) -> None:  # type: ignore[no-untyped-def]
    path = write_toml("f.toml", '[[claim]]\nid = "a"\nlayout = "row"\nclaim = "x = x"\n')
    (problem,) = catalog.load([path]).problems
    assert '"denominator" or "numerator"' in problem.message
    with pytest.raises(CatalogError):
        catalog.parse_layout("column", GradientLayout.DENOMINATOR)


@pytest.mark.parametrize("claim_id", [k for k, c in CLAIMS.items() if c.expect is Verdict.VERIFIED])
def test_claims_true_in_their_layout_verify(claim_id: str) -> None:
    r = check_claim(CLAIMS[claim_id])
    assert r.verdict is Verdict.VERIFIED, r.message
    assert Method.SYMBOLIC in r.methods and Method.SIZES in r.methods


def test_jacobian_in_the_denominator_layout_is_a_layout_error_not_a_bare_shape() -> None:
    c = CLAIMS["layout-grad-Ax-jacobian-in-denominator"]
    r = check_claim(c)
    assert r.verdict is Verdict.REFUTED and r.methods == (Method.SIZES,)
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.LAYOUT
    assert 'set layout = "numerator"' in r.diagnosis.detail
    assert "true in the numerator layout" in r.message
    # the same claim in the layout it was written in verifies: that is what decided the kind
    assert check_claim(replace(c, layout=GradientLayout.NUMERATOR)).verdict is Verdict.VERIFIED


def test_square_matrix_layout_slip_is_found_by_the_entries() -> None:
    r = check_claim(CLAIMS["layout-grad-square-Ax-in-numerator"])
    assert r.verdict is Verdict.REFUTED and Method.NUMERIC in r.methods  # shapes fit
    assert r.counterexample is not None and r.counterexample.lhs != r.counterexample.rhs
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.LAYOUT
    assert 'set layout = "denominator"' in r.diagnosis.detail


def test_transposed_gradient_of_a_number_keeps_transpose_and_says_the_layout() -> None:
    r = check_claim(CLAIMS["layout-scalar-gradient-column-in-numerator"])
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.TRANSPOSE
    assert r.diagnosis.detail.endswith("(as the denominator layout writes it)")
    assert r.correction is not None and "X^{T}" in r.correction


def test_a_claim_false_in_both_layouts_gets_no_layout_diagnosis() -> None:
    c = replace(CLAIMS["layout-grad-Ax-denominator"], latex="\\nabla_x A x = 2 A^T")
    r = check_claim(c)
    assert r.verdict is Verdict.REFUTED
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.FACTOR
