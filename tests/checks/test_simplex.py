"""Joint domains (derive/checks/simplex.py): one-hot and probability vectors are drawn and proved
together, and a claim true only when a vector sums to 1 is refuted with the diagnosis
`assumption`. Driven by tests/fixtures/published.toml; each test asserts what decided."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import sympy

from derive import DiagnosisKind, Method, Verdict, catalog, check_claim
from derive.checks.numeric import sample_points
from derive.checks.simplex import Group, cases, draw_group, proofs
from derive.errors import SpecError, UnsupportedError
from derive.model import Claim, Domain
from derive.specs import parse_spec

FIXTURE = Path(__file__).parents[1] / "fixtures" / "published.toml"
CLAIMS = {c.id: c for c in catalog.load([FIXTURE]).claims}


def claim(claim_id: str) -> Claim:
    return CLAIMS[claim_id]


# -- the spec --------------------------------------------------------------------------------------


def test_onehot_spec_is_a_vector_with_a_joint_domain() -> None:
    spec = parse_spec("y", "onehot(n)")
    assert spec.domain is Domain.ONEHOT and spec.shape == ("n", "1")
    assert parse_spec("y", "probability(n[L])").shape == ("n[L]", "1")
    assert parse_spec("y", "vector(n), onehot").domain is Domain.ONEHOT


@pytest.mark.parametrize("spec", ["onehot", "matrix(m, n), probability"])
def test_joint_domain_needs_a_vector(spec: str) -> None:
    with pytest.raises(SpecError, match="a domain of a vector"):
        parse_spec("y", spec)


# -- points ----------------------------------------------------------------------------------------

Y = tuple(sympy.Symbol(f"y_{i}") for i in range(1, 5))


@pytest.mark.parametrize("seed", range(20))
def test_group_draws_lie_in_the_domain(seed: int) -> None:
    rng = random.Random(seed)
    hot = draw_group(Group(Domain.ONEHOT, Y), rng)
    assert sorted(hot) == [0, 0, 0, 1]
    p = draw_group(Group(Domain.PROBABILITY, Y), rng)
    assert sum(p) == 1 and all(v > 0 and (v * 1000).is_Integer for v in p)


def test_sample_points_draw_every_member_of_a_group() -> None:
    x = sympy.Symbol("x")
    points = sample_points([x, Y[0]], {x: Domain.REAL}, 5, 3, [Group(Domain.PROBABILITY, Y)])
    for point in points:
        assert set(point) == {x, *Y}  # the entries not written are drawn too
        assert sum(point[y] for y in Y) == 1


def test_an_entry_drawn_alone_is_an_error_not_a_wrong_point() -> None:
    with pytest.raises(UnsupportedError, match="drawn alone"):
        sample_points([Y[0]], {Y[0]: Domain.ONEHOT}, 1, 1)


# -- proofs ----------------------------------------------------------------------------------------


def test_onehot_proof_is_by_the_n_cases() -> None:
    got = cases([Group(Domain.ONEHOT, Y[:3])], Y[0] + Y[1] + Y[2] - 1)
    assert [tuple(c[y] for y in Y[:3]) for c in got] == [(1, 0, 0), (0, 1, 0), (0, 0, 1)]


def test_probability_proof_writes_the_last_written_entry_as_one_minus_the_others() -> None:
    group = Group(Domain.PROBABILITY, Y[:3])
    (case,) = cases([group], Y[1] - 1)  # y_3 not written: y_2 is replaced
    assert case == {Y[1]: 1 - Y[0] - Y[2]}
    assert proofs([group], Y[1] - 1) == [[{}], [case]]  # as free names first, then substituted


def test_an_incomplete_group_is_never_substituted() -> None:
    assert cases([Group(Domain.PROBABILITY, Y[:2], complete=False)], Y[0] + Y[1] - 1) == [{}]


# -- claims ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("claim_id", ["softmax-ce-onehot", "softmax-ce-probability"])
def test_softmax_cross_entropy_verifies_under_the_declaration(claim_id: str) -> None:
    r = check_claim(claim(claim_id))
    assert r.verdict is Verdict.VERIFIED, r.message
    assert Method.SYMBOLIC in r.methods and "proved by SymPy" in r.message


def test_without_the_declaration_the_refutation_is_real_and_names_the_assumption() -> None:
    r = check_claim(claim("softmax-ce-undeclared"))
    assert r.verdict is Verdict.REFUTED and r.counterexample is not None
    point = dict(r.counterexample.point)
    ys = [sympy.Rational(v) for k, v in point.items() if k.startswith("y_")]
    assert len(ys) >= 2 and sum(ys) != 1  # a point of the claim as written: y is not a simplex
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.ASSUMPTION
    assert "\\sum_j y_j = 1" in r.diagnosis.detail and 'y = "probability(n)"' in r.diagnosis.detail
    assert r.correction is None


def test_a_slip_under_the_declaration_is_diagnosed_at_onehot_points() -> None:
    r = check_claim(claim("softmax-ce-onehot-sign"))
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.SIGN
    assert r.counterexample is not None
    ys = sorted(v for k, v in r.counterexample.point if k.startswith("y_"))
    assert ys[-1] == "1" and set(ys[:-1]) == {"0"}  # the counterexample is a one-hot target


def test_a_probability_vector_is_not_a_onehot_one() -> None:
    r = check_claim(claim("probability-not-onehot"))
    assert r.verdict is Verdict.REFUTED and r.counterexample is not None
    assert sum(sympy.Rational(v) for _, v in r.counterexample.point) == 1


OTHERS = [
    c
    for c in CLAIMS.values()
    if not c.id.startswith(("layout-", "softmax-ce-"))  # tests/checks/test_layout.py, above
]


@pytest.mark.parametrize("c", OTHERS, ids=[c.id for c in OTHERS])
def test_fixture_claim_as_expected(c: Claim) -> None:
    r = check_claim(c)
    assert r.as_expected, (c.id, r.verdict, r.diagnosis, r.message)
    if r.verdict is Verdict.VERIFIED:
        assert Method.SYMBOLIC in r.methods and Method.NUMERIC in r.methods


def test_vector_softmax_gradient_refuted_without_the_declaration_names_the_assumption() -> None:
    r = check_claim(claim("softmax-vector-undeclared"))
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.ASSUMPTION
    assert r.counterexample is not None
    ys = [sympy.Rational(v) for k, v in r.counterexample.point if k.startswith("y_")]
    assert sum(ys) != 1  # the failing point is one of the claim as written


def test_the_proposed_declaration_keeps_the_declared_size() -> None:
    r = check_claim(claim("softmax-vector-undeclared-size-m"))
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.ASSUMPTION
    assert 'declare y = "probability(m)"' in r.diagnosis.detail  # the size y is declared with
