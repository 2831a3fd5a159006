"""Proof strategies of derive/checks/symbolic.py."""

from __future__ import annotations

import sympy

from derive.checks.symbolic import Proof, prove_equal
from derive.model import Domain

a1, a2 = sympy.symbols("a1 a2", positive=True)
y1, y2 = sympy.symbols("y1 y2", integer=True, nonnegative=True)
DOMAINS = {a1: Domain.UNIT, a2: Domain.UNIT, y1: Domain.BINARY, y2: Domain.BINARY}
LIKELIHOOD = a1**y1 * (1 - a1) ** (1 - y1) * a2**y2 * (1 - a2) ** (1 - y2)
LOG_LIKELIHOOD = (
    y1 * sympy.log(a1)
    + (1 - y1) * sympy.log(1 - a1)
    + y2 * sympy.log(a2)
    + (1 - y2) * sympy.log(1 - a2)
)


def test_log_of_a_bernoulli_likelihood_is_proved_for_units_in_0_1() -> None:
    # needs 1 - a > 0, which only the unit domain (0, 1) gives
    assert prove_equal(sympy.log(LIKELIHOOD), LOG_LIKELIHOOD, DOMAINS) is Proof.PROVED


def test_log_of_a_product_is_not_split_for_merely_positive_names() -> None:
    positive = {**DOMAINS, a1: Domain.POSITIVE, a2: Domain.POSITIVE}
    assert prove_equal(sympy.log(LIKELIHOOD), LOG_LIKELIHOOD, positive) is Proof.UNKNOWN


def test_unit_rewriting_never_proves_a_false_identity() -> None:
    wrong = LOG_LIKELIHOOD.xreplace({y1: 1 - y1})
    assert prove_equal(sympy.log(LIKELIHOOD), wrong, DOMAINS) is Proof.UNKNOWN
    assert prove_equal(sympy.log(a1 * (1 - a1)), sympy.log(a1), DOMAINS) is Proof.UNKNOWN
