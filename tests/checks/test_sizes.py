"""Sizes a definition gives from other sizes (derive/checks/instances.py): `m = k+1` is computed
from the drawn k, never drawn apart from it (a claim says nothing about sizes it rules out)."""

from __future__ import annotations

from derive import Verdict, verify

GIVEN = [
    r"A_j = \sum_{i=0}^{k}(w_i*x_i)+b",
    "m = k+1",
    "W_i = w_{i-1}",
    "X_i = x_{i-1}",
]
SYMBOLS = {"W": "vector(m)", "X": "vector(m)"}


def test_a_size_defined_by_another_follows_it() -> None:
    r = verify(r"A_j = \mathbf{W}^T\mathbf{X} + b", given=GIVEN, symbols=SYMBOLS)
    assert r.verdict is Verdict.VERIFIED, r.message
    assert r.sizes and all(dict(s)["m"] == dict(s)["k"] + 1 for s in r.sizes), r.sizes


def test_the_bias_left_out_is_a_missing_term() -> None:
    r = verify(r"A_j = \mathbf{W}^T\mathbf{X}", given=GIVEN, symbols=SYMBOLS)
    assert r.verdict is Verdict.REFUTED
    assert r.counterexample is not None
    sizes = dict(r.counterexample.sizes)
    assert sizes["m"] == sizes["k"] + 1, sizes
    assert r.diagnosis is not None and r.diagnosis.detail == "the term b is missing"
    assert r.correction == r"A_j = \mathbf{W}^T\mathbf{X} + b"
