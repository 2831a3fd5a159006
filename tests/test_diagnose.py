"""The diagnosis of refuted claims (derive/diagnose/search.py), driven by tests/fixtures/diagnosis.toml:
for every diagnosis kind, a claim in index form and one in matrix form that must get it.

Each claim must be refuted with its pinned `kind` (`as_expected` checks both), and a correction,
when one is given, must verify as a claim of its own (the check of tests/test_formulas.py).
Kinds that one form cannot show yet are strict xfails, with the reason.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from derive import Claim, DiagnosisKind, RunOptions, Verdict, catalog, run_claims
from tests.conftest import claim_params
from tests.test_formulas import assert_correction_verifies

FIXTURE = Path(__file__).parent / "fixtures" / "diagnosis.toml"
CLAIMS = catalog.load([FIXTURE])
OPTIONS = RunOptions(timeout=300)

# kinds that say what is wrong without an edit of the claim to offer
NO_CORRECTION = {DiagnosisKind.BOUND, DiagnosisKind.SHAPE, DiagnosisKind.OTHER}

# the kinds a form cannot carry yet: claim id -> why
NOT_YET = {
    "transpose-index": (
        "in index form a transposed weight is written as swapped indices (w_{jk} for w_{kj}), "
        "whose truthful kind is `index` (`the indices of w^{[l + 1]}_{jk} are in the wrong "
        "order`, with the correction w_{kj}), as the corpus pins for the same published slip "
        "(corpus/hjorth-jensen-week42.toml::delta-hidden-published-index); `transpose` is the "
        "kind of a whole vector or matrix (docs/verdicts.md, diagnosis)"
    ),
}


def test_fixture_reads_cleanly() -> None:
    assert [p.format() for p in CLAIMS.problems] == []
    assert sorted(set(NOT_YET) - {c.id for c in CLAIMS.claims}) == []


def test_every_kind_in_both_forms() -> None:
    ids = {c.id for c in CLAIMS.claims}
    for c in CLAIMS.claims:
        assert c.expect is Verdict.REFUTED and c.expect_kind is not None and c.why, c.id
        assert c.id.startswith(c.expect_kind.value + "-"), c.id
    kinds = {c.expect_kind.value for c in CLAIMS.claims if c.expect_kind is not None}
    assert kinds == {
        "sign", "factor", "term", "transpose", "index", "activation", "direction", "bound",
        "shape", "other",
    }  # fmt: skip
    for kind in kinds:
        assert {f"{kind}-index", f"{kind}-matrix"} <= ids, kind


@pytest.mark.parametrize("claim", claim_params(CLAIMS.claims, NOT_YET))
def test_diagnosis(claim: Claim) -> None:
    (result,) = run_claims([claim], OPTIONS)
    assert result.verdict is Verdict.REFUTED, result.message
    assert result.diagnosis is not None
    assert result.diagnosis.kind is claim.expect_kind, result.diagnosis
    assert result.as_expected
    if claim.expect_kind not in NO_CORRECTION:
        assert result.correction is not None, result.diagnosis
    assert_correction_verifies(result, OPTIONS)
