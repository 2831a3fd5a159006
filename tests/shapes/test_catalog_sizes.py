"""The soundness invariant on the catalog: a sample of formulas/ claims whose verdict rests on
drawn sizes (two from each file, a verified and a refuted one where the file has both) keeps
its verdict when a third, other consistent size set is checked as well. A verified claim that a
new draw refutes, or a refuted one that it verifies, would be a verdict that depended on sizes
derive chose (docs/verdicts.md, "Sizes from the writing")."""

from __future__ import annotations

from pathlib import Path

import pytest

from derive import Claim, Method, RunOptions, Verdict, catalog, run_claims
from derive.checks.instances import SizePlan
from derive.settings import Settings

FORMULAS = Path(__file__).parent.parent.parent / "formulas"
CLAIMS = {c.id: c for c in catalog.load([FORMULAS]).claims}

# claims whose verdict lists drawn sizes (`sizes` among its methods), a few seconds each
SAMPLE = (
    "bp-dA-dw",
    "lin-dH-dA",
    "lin-hyp-reparam-w-literal",
    "lr-dA-dw",
    "lr-ce-mean-range",
    "bp1-activation-def",
    "bp3-z-def-correction",
    "corr2-grad-z22",
    "f1-fwd-z",
    "code-sigmoidBackward",
    "grad-btx",
    "cost-mean-from-zero",
    "gd-total-loss-grad",
    "bp-hidden-factor-weight",
    "bp-general-delta-out-literal",
    "lr-code-gradient",
    "lr-code-loss",
    "la-logistic",
    "lr-loss-matrix",
    "lr-diff-literal",
    "huber-standard-continuous",
    "reg-tf-l1-mean-literal",
    "newton-1d-step",
    "newton-taylor-nd-literal",
    "batch-gd-step",
    "minibatch-step-literal",
    "bp-dalpha-dv",
    "per-matrix-diff",
    "per-misclassified-sign-literal",
    "perceptron-grad",
    "ce-grad-w-factor-2",
)
THIRD_SIZE_SET = Settings(plan=SizePlan(size_sets=3, max_instances=3), diagnose=False)


def test_the_sample_is_in_the_catalog_with_both_verdicts() -> None:
    assert sorted(set(SAMPLE) - set(CLAIMS)) == []
    assert {CLAIMS[k].expect for k in SAMPLE} == {Verdict.VERIFIED, Verdict.REFUTED}


@pytest.mark.parametrize("claim", [pytest.param(CLAIMS[k], id=k) for k in SAMPLE if k in CLAIMS])
def test_verdict_holds_at_a_third_consistent_size_set(claim: Claim) -> None:
    (result,) = run_claims([claim], RunOptions(timeout=300, settings=THIRD_SIZE_SET))
    assert result.verdict is claim.expect, result.message
    if result.verdict is Verdict.VERIFIED:  # and it was checked at drawn sizes or indices
        assert Method.SIZES in result.methods, result.methods
    else:  # refuted by a confirmed point or by shapes that do not fit
        assert Method.EXACT in result.methods or Method.SIZES in result.methods, result.methods
        assert result.counterexample is not None or result.diagnosis is not None
