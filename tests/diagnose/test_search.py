"""The search for the edits that explain a refutation (derive/diagnose/search.py): what it finds
depends on the claim only, never on the clock or the load of the machine."""

from __future__ import annotations

import itertools
import time

import pytest

from derive import DiagnosisKind, verify

# two slips: a term too many (b) and a factor 2 missing; found by the search beyond single edits
TWO_SLIPS = (r"\frac{\partial L}{\partial w} = x (w x - y) + b", [r"L = (w x - y)^2"])


def test_an_edit_and_a_factor_on_top_of_it() -> None:
    r = verify(TWO_SLIPS[0], given=TWO_SLIPS[1])
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.FACTOR
    assert r.diagnosis.detail == (
        "two slips: [factor] a factor 2 is missing; [term] the term b should not be there"
    )
    assert r.correction == r"\frac{\partial L}{\partial w} = 2x (w x - y)"


def test_the_diagnosis_is_the_same_on_a_slow_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every read of the clock an hour later than the last (a machine under heavy load): the
    search's budgets are counts, so the two slips are still found (with a budget in seconds
    read from the clock, the search stopped at once and said `other`)."""
    idle = verify(TWO_SLIPS[0], given=TWO_SLIPS[1])
    hours = itertools.count()
    monkeypatch.setattr(time, "monotonic", lambda: 3600.0 * next(hours))
    loaded = verify(TWO_SLIPS[0], given=TWO_SLIPS[1])
    assert loaded.diagnosis == idle.diagnosis
    assert loaded.correction == idle.correction


def test_the_sign_of_one_term_inside_the_side() -> None:
    r = verify(r"\sigma'(z) = \sigma(z)(1+\sigma(z))", symbols={"sigma": "sigmoid"})
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.SIGN
    assert "the sign of the term" in r.diagnosis.detail
    assert r.correction == r"\sigma'(z) = \sigma(z)(1-\sigma(z))"


def test_a_bare_name_beside_its_indexed_form_lacks_the_index() -> None:
    r = verify(
        r"\frac{\partial L}{\partial w} = \sum_{j=1}^{n} (H_j - y_j) H_j (1 - H) x_j",
        given=[
            r"L = \frac{1}{2}\sum_{j=1}^{n}(H_j - y_j)^2",
            r"H_j = \frac{1}{1+e^{-w x_j}}",
        ],
    )
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.INDEX
    assert r.diagnosis.detail == "H should be H_{j}: the index is missing"
    assert r.correction is not None and "(1 - H_j)" in r.correction


def test_a_coefficient_counted_twice_and_a_sum_that_repeats_one_term() -> None:
    """The mean's -1/n already inside dL/dH, written again in front of a sum over j of terms
    that do not depend on j: the two slips are named, and both edits are made in the text."""
    r = verify(
        r"\frac{\partial L}{\partial w} = -\frac{1}{n}\sum_{j=0}^{n}\left(\frac{\partial L}"
        r"{\partial H}\frac{\partial H}{\partial w}\right)",
        given=[r"L = -\frac{1}{n}\sum_{j=1}^{n} y_j \log H", r"H = \frac{1}{1+e^{-w}}"],
        symbols={"n": "count"},
    )
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.FACTOR
    assert "the factor - \\frac{1}{n} should not be there" in r.diagnosis.detail
    assert "its term does not depend on j" in r.diagnosis.detail
    assert r.correction == (
        r"\frac{\partial L}{\partial w} = \left(\frac{\partial L}{\partial H}"
        r"\frac{\partial H}{\partial w}\right)"
    )


def test_an_edit_comes_before_a_missing_assumption() -> None:
    """A norm where its square belongs holds for a one-hot w too (1 = 1): the edit that
    explains it for every w is the diagnosis, not the assumption."""
    r = verify(
        r"L + \eta R = L + \eta\sqrt{\sum_{j=1}^{n} w_j^2}", given=[r"R = \sum_{j=1}^{n} w_j^2"]
    )
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.TERM
    assert r.correction == r"L + \eta R = L + \eta\sum_{j=1}^{n} w_j^2"


def test_an_assumption_only_when_the_declaration_makes_the_claim_hold() -> None:
    """lambda/n sqrt(sum w^2) = lambda/2 sum w^2 holds for a one-hot w at n = 2 only: with
    w declared one-hot the claim is still false at n = 3, so no assumption is named."""
    r = verify(
        r"R = \lambda\frac{1}{n}\sqrt{\sum_{j=1}^{n}w_j^2}",
        given=[r"R = \frac{\lambda}{2}\sum_{j=1}^{n} w_j^2"],
    )
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.OTHER
