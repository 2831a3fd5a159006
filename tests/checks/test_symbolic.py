"""The symbolic proof (derive/checks/symbolic.py), in particular the case split on the sign of
the arguments of step functions, |x|, sign, max and min: true claims are proved in every case,
including the boundary (argument 0, with the function's own value there), and claims that are
false in one case only, or only at the boundary, are never proved."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
import sympy
from sympy import Abs, Heaviside, Max, Min, Rational, sign

from derive import DiagnosisKind, Method, Verdict, catalog, check_claim, verify
from derive.checks import symbolic
from derive.checks.symbolic import (
    MAX_SIGN_SPLIT,
    Proof,
    boundary_point,
    prove_bound,
    prove_equal,
)
from derive.functions import step
from derive.model import Domain

x, y, z = sympy.symbols("x y z", real=True)
p = sympy.Symbol("p", positive=True)
c = sympy.Symbol("c")  # complex: no sign split


def at_least(expr: sympy.Expr, strict: bool = False) -> Proof:
    """expr >= 0 (> 0 when strict)."""
    return prove_bound(sympy.Integer(0), expr, strict, {})


# --- identities --------------------------------------------------------------------------------

TRUE_IDENTITIES = {
    "abs-as-step": (Abs(x), x * (2 * step(x) - 1)),
    "abs-as-sign": (Abs(x), x * sign(x)),
    "sign-half-step": (Heaviside(x), (1 + sign(x)) / 2),  # SymPy's H(0) = 1/2
    "step-of-minus": (step(-x), 1 - Heaviside(x, 0)),  # at 0: 1 = 1 - 0
    "relu-as-abs": (Max(0, x), (x + Abs(x)) / 2),
    "min-max": (Abs(x - y), Max(x, y) - Min(x, y)),
    "reversed-argument": (Abs(y - x), (x - y) * (2 * step(x - y) - 1)),
    "multiple-of-argument": (Abs(2 * x + 2 * y), 2 * (x + y) * sign(x + y)),
    "two-arguments": (Abs(x * y), Abs(x) * Abs(y)),
    "nested": (Abs(Abs(x) - 1), Max(Abs(x) - 1, 1 - Abs(x))),
    "perceptron-distance": (
        Abs(x + y) / sympy.sqrt(x**2 + 1) + Abs(x - z) / sympy.sqrt(x**2 + 1),
        (2 * step(x + y) - 1) * (x + y) / sympy.sqrt(x**2 + 1)
        + (2 * step(x - z) - 1) * (x - z) / sympy.sqrt(x**2 + 1),
    ),
}


@pytest.mark.parametrize("case", TRUE_IDENTITIES.values(), ids=TRUE_IDENTITIES.keys())
def test_true_identities_with_switches_are_proved(case: tuple[sympy.Expr, sympy.Expr]) -> None:
    lhs, rhs = case
    assert prove_equal(lhs, rhs, {}) is Proof.PROVED


FALSE_IDENTITIES = {
    # wrong only at the boundary: step(0) = 1, but (1 + sign(0))/2 = 1/2
    "step-at-zero": (step(x), (1 + sign(x)) / 2),
    # step(x) + step(-x) is 1 off the boundary and 2 at x = 0
    "both-steps-at-zero": (step(x) + step(-x), sympy.Integer(1)),
    # wrong for x < 0 only
    "relu-is-not-abs": (Max(0, x), Abs(x)),
    "abs-is-not-x": (Abs(x), x),
    # wrong where x and y have different signs
    "abs-of-sum": (Abs(x + y), Abs(x) + Abs(y)),
    # the step's value at 0 matters: Heaviside(0, 0) = 0 is not step(0) = 1
    "step-values-at-zero": (step(x), Heaviside(x, 0)),
    # the boundary value of relu': SymPy's derivative of max(0, x) is Heaviside(x) (1/2 at 0)
    "relu-derivative-is-not-step": (sympy.diff(Max(0, x), x), step(x)),
}


@pytest.mark.parametrize("case", FALSE_IDENTITIES.values(), ids=FALSE_IDENTITIES.keys())
def test_false_identities_with_switches_are_not_proved(case: tuple[sympy.Expr, sympy.Expr]) -> None:
    lhs, rhs = case
    assert prove_equal(lhs, rhs, {}) is not Proof.PROVED


@pytest.mark.parametrize("case", FALSE_IDENTITIES.values(), ids=FALSE_IDENTITIES.keys())
def test_false_identities_really_fail_somewhere(case: tuple[sympy.Expr, sympy.Expr]) -> None:
    """The false cases above are false: each fails at a point with a value 0 or +-1 (so a
    proof of any of them would be a soundness bug, not a test mistake)."""
    lhs, rhs = case
    points = itertools.product((-1, 0, 1), repeat=3)
    assert any(sympy.simplify((lhs - rhs).subs({x: a, y: b, z: d})) != 0 for a, b, d in points)


def test_a_complex_argument_is_not_split() -> None:
    # for complex c, c sign(c) = c^2/|c|, not |c|; the cases a > 0, a = 0, a < 0 do not cover c
    assert prove_equal(Abs(c), c * sign(c), {}) is not Proof.PROVED


def test_binary_and_sign_splits_combine() -> None:
    b = sympy.Symbol("b", integer=True, nonnegative=True)
    # b in {0, 1}: b^2 |x| = b x sign(x) needs both splits
    rhs = b * x * (2 * step(x) - 1)
    assert prove_equal(b**2 * Abs(x), rhs, {b: Domain.BINARY}) is Proof.PROVED
    assert prove_equal(b**2 * Abs(x), b * x, {b: Domain.BINARY}) is not Proof.PROVED


# --- bounds ------------------------------------------------------------------------------------


def test_misclassified_sign_bound() -> None:
    """(y_hat - y) a >= 0 with y_hat = step(a), y = 1 - y_hat (the perceptron): proved; > 0 is
    false on the hyperplane a = 0 and must not be proved."""
    a = x + 2 * y - z
    gap = (step(a) - (1 - step(a))) * a
    assert at_least(gap) is Proof.PROVED
    assert at_least(gap, strict=True) is not Proof.PROVED


def test_perceptron_loss_is_nonnegative() -> None:
    a1, a2, a3 = x + y, x - z, y * z + x
    loss = sum(((2 * step(a) - 1) * a for a in (a1, a2, a3)), sympy.Integer(0))
    assert at_least(loss) is Proof.PROVED
    assert at_least(loss, strict=True) is not Proof.PROVED


@pytest.mark.parametrize(
    ("expr", "strict", "proved"),
    [
        (Abs(x) - x, False, True),
        (Abs(x) - x, True, False),  # 0 for x >= 0
        (x * step(x), False, True),
        (x * step(x), True, False),  # 0 for x <= 0
        ((step(x) - 1) * x, False, True),  # -x > 0 for x < 0, 0 otherwise
        (x * step(x) - Rational(1, 100), False, False),  # -1/100 for x <= 0
        (Abs(x) + 1, True, True),
        (sign(x) * x, False, True),
        (sign(x), False, False),  # -1 for x < 0
        (Max(x, y) - Min(x, y), False, True),
        (Max(x, y) - x - p, False, False),  # -p when x >= y
    ],
)
def test_bounds_with_switches(expr: sympy.Expr, strict: bool, proved: bool) -> None:
    assert (at_least(expr, strict) is Proof.PROVED) is proved


# --- limits: undecided with the reason ---------------------------------------------------------


def test_too_many_arguments_is_not_attempted() -> None:
    xs = sympy.symbols(f"x1:{MAX_SIGN_SPLIT + 2}", real=True)
    lhs = sum((Abs(v) for v in xs), sympy.Integer(0))
    rhs = sum((v * (2 * step(v) - 1) for v in xs), sympy.Integer(0))
    proof = prove_equal(lhs, rhs, {})
    assert proof is Proof.TOO_MANY_CASES
    assert f"more than {MAX_SIGN_SPLIT} arguments" in proof.reason
    # at the bound itself, the same identity is proved
    small = prove_equal(lhs - Abs(xs[-1]), rhs - xs[-1] * (2 * step(xs[-1]) - 1), {})
    assert small is Proof.PROVED


def test_the_split_stops_at_its_deadline() -> None:
    proof = prove_equal(Abs(x), x * (2 * step(x) - 1), {}, seconds=0)
    assert proof is Proof.OUT_OF_TIME
    assert "did not finish within" in proof.reason
    assert prove_bound(sympy.Integer(0), Abs(x) - x, False, {}, seconds=0) is Proof.OUT_OF_TIME


# --- through the engine ------------------------------------------------------------------------

STEP = {"sgn": "step"}


def test_engine_proves_a_step_bound() -> None:
    r = verify(r"x(2\operatorname{sgn}(x) - 1) \ge 0", symbols=STEP)
    assert r.verdict is Verdict.VERIFIED, r.message


def test_engine_refutes_a_claim_false_only_at_the_boundary() -> None:
    # 1 for every x != 0, 2 at x = 0: random points never hit 0; the boundary point does
    r = verify(r"\operatorname{sgn}(x) + \operatorname{sgn}(-x) = 1", symbols=STEP)
    assert r.verdict is Verdict.REFUTED, r.message
    assert r.methods == (Method.EXACT,)
    assert r.counterexample is not None
    assert r.counterexample.point == (("x", "0"),)
    assert (r.counterexample.lhs, r.counterexample.rhs) == ("2", "1")


def test_engine_refutes_a_strict_bound_attained_on_the_boundary() -> None:
    # x(2 sgn(x) - 1) = |x| is 0 only at x = 0: the numeric check cannot tell > from >=
    r = verify(r"x(2\operatorname{sgn}(x) - 1) > 0", symbols=STEP)
    assert r.verdict is Verdict.REFUTED, r.message
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.BOUND
    assert r.counterexample is not None and r.counterexample.point == (("x", "0"),)


def test_engine_refutes_on_a_hyperplane_with_an_exact_fraction() -> None:
    """The perceptron's strict claim: the point is moved onto w_1 x_1 + w_2 x_2 + b = 0 by
    solving for one name; the shown value is the exact fraction, and the claim really fails
    there in exact arithmetic."""
    claim = r"(2\operatorname{sgn}(w_1 x_1 + w_2 x_2 + b) - 1)(w_1 x_1 + w_2 x_2 + b) > 0"
    r = verify(claim, symbols=STEP)
    assert r.verdict is Verdict.REFUTED, r.message
    assert r.counterexample is not None
    names = {k: sympy.Symbol(k, real=True) for k, _ in r.counterexample.point}
    point = {names[k]: sympy.Rational(v) for k, v in r.counterexample.point}
    a = sum((names[f"w_{{{k}}}"] * names[f"x_{{{k}}}"] for k in (1, 2)), names["b"]).xreplace(point)
    assert a == 0


def test_engine_does_not_refute_where_the_derivative_does_not_exist() -> None:
    # SymPy's d max(0, x)/dx is Heaviside(x), 1/2 at 0 where relu has no derivative: neither
    # proved (the values differ at 0) nor refuted (that value is a convention, not a fact)
    r = verify(r"r'(x) = \operatorname{sgn}(x)", symbols={**STEP, "r": "relu"})
    assert r.verdict is Verdict.UNDECIDED, r.message


def test_engine_does_not_refute_a_true_claim_it_cannot_prove() -> None:
    # true at every point, boundary included: no boundary point may refute it
    terms = " + ".join(f"|x_{k}|" for k in range(1, MAX_SIGN_SPLIT + 2))
    signs = " + ".join(
        rf"x_{k}(2\operatorname{{sgn}}(x_{k}) - 1)" for k in range(1, MAX_SIGN_SPLIT + 2)
    )
    r = verify(f"{terms} = {signs}", symbols=STEP)
    assert r.verdict is Verdict.UNDECIDED, r.message


def test_engine_names_the_reason_when_the_split_is_too_large() -> None:
    terms = " + ".join(f"|x_{k} - y|" for k in range(1, MAX_SIGN_SPLIT + 2))
    r = verify(rf"{terms} \ge 0")
    assert r.verdict is Verdict.VERIFIED, r.message  # SymPy's assumptions: a sum of |.|
    r = verify(rf"{terms} \ge |x_1 - y| - 1 + \operatorname{{sgn}}(x_1)", symbols=STEP)
    assert r.verdict is Verdict.UNDECIDED, r.message
    assert f"more than {MAX_SIGN_SPLIT} arguments" in r.message


# --- boundary points ---------------------------------------------------------------------------


def test_boundary_point_is_exact_and_fails() -> None:
    gap = (2 * step(x + 2 * y) - 1) * (x + 2 * y)
    points = [{x: Rational(3, 10), y: Rational(-7, 5)}]
    assert boundary_point(gap, ">=", {}, points) is None  # true: nothing to find
    found = boundary_point(gap, ">", {}, points)
    assert found is not None
    base, point = found
    assert base == x + 2 * y and base.xreplace(point) == 0
    assert gap.xreplace(point) == 0


def test_boundary_point_respects_domains() -> None:
    gap = step(x - p) + step(p - x) - 1  # 1 at x = p, 0 elsewhere: "= 0" fails on x = p
    here = {x: Rational(1, 2), p: Rational(3, 2)}
    found = boundary_point(gap, "=", {p: Domain.POSITIVE}, [here])
    assert found is not None and found[1][x] == found[1][p]
    # the only name that may move is positive, and the boundary would need it at -3
    u, v = sympy.symbols("u v", integer=True)
    base = p + u * v + 2
    both = step(base) + step(-base) - 1  # fails exactly on the boundary
    domains = {p: Domain.POSITIVE, u: Domain.INTEGER, v: Domain.INTEGER}
    ones = {p: sympy.Integer(1), u: sympy.Integer(1), v: sympy.Integer(1)}
    assert boundary_point(both, "=", domains, [ones]) is None
    # an integer name cannot take the fraction 1/2
    n = sympy.Symbol("n", integer=True)
    both = step(2 * n - 1) + step(1 - 2 * n) - 1
    assert boundary_point(both, "=", {n: Domain.INTEGER}, [{n: sympy.Integer(1)}]) is None
    assert boundary_point(both, "=", {n: Domain.REAL}, [{n: sympy.Integer(1)}]) is not None


def test_a_zero_over_zero_on_the_boundary_is_not_cancelled() -> None:
    # relu'(x) (SymPy: Heaviside(x), 1/2 at 0) = (x + |x|)/(2x), which is 0/0 at x = 0: in the
    # case x = 0 the substitution comes before |x| is resolved, so x/x is never cancelled to 1
    assert prove_equal(Heaviside(x), (x + Abs(x)) / (2 * x), {}) is not Proof.PROVED


# --- names in (0, 1): the log of a likelihood ----------------------------------------------------

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


# --- logs of positive quantities: exp of a real as a positive name (before simplify) -----------

sig = [1 / (1 + sympy.exp(-x)), 1 / (1 + sympy.exp(-y - 2 * z))]  # sigmoids of real arguments
SIGMOID_LIKELIHOOD = sympy.Mul(
    *(h**y_ * (1 - h) ** (1 - y_) for h, y_ in zip(sig, (y1, y2), strict=True))
)
SIGMOID_LOG_LIKELIHOOD = sum(
    y_ * sympy.log(h) + (1 - y_) * sympy.log(1 - h) for h, y_ in zip(sig, (y1, y2), strict=True)
)
BINARY = {y1: Domain.BINARY, y2: Domain.BINARY}
LOGISTIC = catalog.load(
    [Path(__file__).resolve().parents[2] / "formulas" / "000-logistic-regression.toml"]
)


@pytest.fixture
def without_simplify(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Only the strategies before `simplify`, and no proof remembered from before or for after."""
    last = symbolic._STRATEGIES[-1]
    assert last(sympy.log(x) - sympy.log(x)) == 0
    monkeypatch.setattr(symbolic, "_STRATEGIES", symbolic._STRATEGIES[:-1])
    symbolic.is_zero.cache_clear()
    yield
    symbolic.is_zero.cache_clear()


@pytest.mark.usefixtures("without_simplify")
def test_log_of_a_sigmoid_likelihood_is_proved_before_simplify() -> None:
    lhs = sympy.log(SIGMOID_LIKELIHOOD / 3) + sympy.log(3)
    assert prove_equal(lhs, SIGMOID_LOG_LIKELIHOOD, BINARY) is Proof.PROVED


@pytest.mark.usefixtures("without_simplify")
@pytest.mark.parametrize("claim_id", ["lr-log-mle-exact", "lr-log-mle-intended"])
def test_catalog_log_likelihoods_are_proved_before_simplify(claim_id: str) -> None:
    (claim,) = [c for c in LOGISTIC.claims if c.id == claim_id]
    result = check_claim(claim)
    assert result.verdict is Verdict.VERIFIED
    assert Method.SYMBOLIC in result.methods


LOGS_NOT_SPLIT = {
    # true only where the factors are positive: x, y real
    "log-of-a-product": (sympy.log(x * y), sympy.log(x) + sympy.log(y)),
    "log-of-a-square": (sympy.log(x**2), 2 * sympy.log(x)),
    # 1 - e^x changes sign: log((1 - e^x)^2) is not 2 log(1 - e^x)
    "log-of-a-square-of-one-minus-exp": (
        sympy.log((1 - sympy.exp(x)) ** 2),
        2 * sympy.log(1 - sympy.exp(x)),
    ),
    # a complex argument: exp(c) is not a positive number
    "complex-exponent": (sympy.log(sympy.exp(c) * sympy.exp(c)), 2 * sympy.log(sympy.exp(c))),
    # the likelihood with one label flipped
    "flipped-label": (
        sympy.log(SIGMOID_LIKELIHOOD),
        SIGMOID_LOG_LIKELIHOOD.xreplace({y1: 1 - y1}),
    ),
}


@pytest.mark.parametrize("case", LOGS_NOT_SPLIT.values(), ids=LOGS_NOT_SPLIT.keys())
def test_logs_are_split_only_where_their_factors_are_positive(
    case: tuple[sympy.Expr, sympy.Expr],
) -> None:
    lhs, rhs = case
    assert prove_equal(lhs, rhs, BINARY) is not Proof.PROVED
