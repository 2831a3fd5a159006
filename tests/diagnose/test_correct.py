"""Corrections read as the author's formula with the diagnosed edit made where the author wrote it
(derive/diagnose/correct.py): the sign of the written side, its written coefficient, the step's
operator; never a tautology, never the reference side edited."""

from __future__ import annotations

from dataclasses import replace

from derive import DiagnosisKind, Verdict, check_claim, verify
from tests.conftest import make_claim

LOGISTIC = [
    r"\hat{y} = \sigma(w x + b)",
    r"L = -(y \log \hat{y} + (1 - y) \log(1 - \hat{y}))",
]


def test_sign_flips_the_written_difference() -> None:
    r = verify(
        r"\frac{\partial L}{\partial w} = (y - \hat{y}) x",
        given=LOGISTIC,
        symbols={"sigma": "sigmoid", "y": "binary"},
    )
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.SIGN
    assert r.correction == r"\frac{\partial L}{\partial w} = (\hat{y} - y) x"


def test_factor_changes_the_written_coefficient() -> None:
    r = verify(r"\sigma = H-y", given=[r"\sigma = \frac{\partial L}{\partial H}", "L = (H-y)^2"])
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.FACTOR
    assert r.correction == r"\sigma = 2(H-y)"
    r = verify(
        r"\frac{\partial L}{\partial \hat{y}} = 2(\hat{y}-y)",
        given=[r"L = \frac{1}{2}(\hat{y}-y)^2"],
    )
    assert r.correction == r"\frac{\partial L}{\partial \hat{y}} = \hat{y}-y"


def test_ascent_turns_plus_into_minus_in_the_authors_line() -> None:
    r = verify(
        r"w = w + \eta\frac{\partial L}{\partial w}",
        given=[r"L = \frac{1}{2}(w x - y)^2"],
        symbols={"eta": "positive"},
    )
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.DIRECTION
    assert r.correction == r"w = w - \eta\frac{\partial L}{\partial w}"


def test_no_tautology_for_a_renaming() -> None:
    r = verify("a*w_i=w_i")
    assert r.verdict is Verdict.REFUTED
    assert r.correction is None  # not `a*w_i = a w_{i}`


def test_no_tautology_when_the_reference_is_written_out() -> None:
    # the right side would be "corrected" into the left side: no correction
    r = verify("2(x+1) = x + 1")
    assert r.verdict is Verdict.REFUTED and r.correction is None


def test_asserted_side_is_the_one_edited() -> None:
    claim = make_claim("4x = g", given=("g = 2x",))
    assert check_claim(claim).correction == "4x = 2g"  # the default: the left side is the reference
    r = check_claim(replace(claim, asserted="left"))
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.FACTOR
    assert r.correction == "2x = g"
