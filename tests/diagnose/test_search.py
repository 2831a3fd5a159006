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
