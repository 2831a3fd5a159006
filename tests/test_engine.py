"""Every claim form and every verdict, decided by the real engine."""

from __future__ import annotations

import pytest

from derive import ClaimResult, DiagnosisKind, Method, Verdict
from derive.model import Counterexample
from tests.conftest import check

SIG = {"sigma": "sigmoid"}
MSE = ("L = \\frac{1}{2}(\\hat{y}-y)^2", "\\hat{y} = \\sigma(z)")
CE = (
    "A_j = \\sum_{i=1}^{k} w_i x_{ji} + b",
    "H_j = \\frac{1}{1+e^{-A_j}}",
    "L = -\\frac{1}{n}\\sum_{j=1}^{n}\\left(y_j\\log H_j + (1-y_j)\\log(1-H_j)\\right)",
)


def proved(r: ClaimResult, *, sizes: bool = False) -> None:
    """Verified by a SymPy proof and numeric agreement (and instantiated sizes if `sizes`)."""
    assert r.verdict is Verdict.VERIFIED
    both = (Method.SYMBOLIC, Method.NUMERIC)
    assert r.methods == ((*both, Method.SIZES) if sizes else both)
    assert "proved by SymPy" in r.message and r.counterexample is None


def refuted_at(r: ClaimResult) -> Counterexample:
    """Refuted by a point confirmed exactly: its counterexample, with differing sides."""
    assert r.verdict is Verdict.REFUTED
    assert Method.EXACT in r.methods
    ce = r.counterexample
    assert ce is not None and ce.lhs != ce.rhs
    return ce


def test_equation_verified_by_both_methods() -> None:
    r = check("\\sigma'(z) = \\sigma(z)(1-\\sigma(z))", symbols=SIG)
    assert r.verdict is Verdict.VERIFIED
    assert r.methods == (Method.SYMBOLIC, Method.NUMERIC)
    assert r.counterexample is None


def test_false_equation_refuted_with_confirmed_point() -> None:
    r = check("\\sigma'(z) = \\sigma(z)^2", symbols=SIG)
    assert r.verdict is Verdict.REFUTED
    assert Method.EXACT in r.methods
    ce = r.counterexample
    assert ce is not None and ce.point and ce.point[0][0] == "z"
    assert float(ce.lhs) != pytest.approx(float(ce.rhs))


def test_leibniz_through_definitions() -> None:
    r = check(
        "\\frac{\\partial L}{\\partial z} = (\\hat{y}-y)\\hat{y}(1-\\hat{y})",
        given=MSE,
        symbols=SIG,
    )
    proved(r)


def test_derivative_wrt_defined_name_holds_it_independent() -> None:
    # dL/d(yhat) treats yhat as the variable even though yhat is defined as sigma(z)
    r = check("\\frac{\\partial L}{\\partial \\hat{y}} = \\hat{y}-y", given=MSE, symbols=SIG)
    proved(r)


def test_sign_error_diagnosed_and_corrected() -> None:
    r = check("\\frac{\\partial L}{\\partial \\hat{y}} = y-\\hat{y}", given=MSE[:1])
    assert r.verdict is Verdict.REFUTED
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.SIGN
    assert r.correction == "\\frac{\\partial L}{\\partial \\hat{y}} = \\hat{y} - y"


def test_correction_itself_verifies() -> None:
    r = check("\\frac{\\partial L}{\\partial \\hat{y}} = 2(\\hat{y}-y)", given=MSE[:1])
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.FACTOR
    assert r.correction is not None
    again = check(r.correction, given=MSE[:1])
    assert again.verdict is Verdict.VERIFIED


def test_chain_reports_first_false_link() -> None:
    r = check(
        "\\frac{\\partial L}{\\partial z} = (\\hat{y}-y)\\sigma'(z) = (\\hat{y}-y)\\hat{y}(1+\\hat{y})"
        " = 0",
        given=MSE,
        symbols=SIG,
    )
    assert r.verdict is Verdict.REFUTED
    assert r.counterexample is not None
    assert r.counterexample.link == "(\\hat{y}-y)\\sigma'(z) = (\\hat{y}-y)\\hat{y}(1+\\hat{y})"


def test_chain_all_links_verified() -> None:
    r = check(
        "\\frac{\\partial L}{\\partial z} = \\frac{\\partial L}{\\partial \\hat{y}}"
        "\\frac{\\partial \\hat{y}}{\\partial z} = (\\hat{y}-y)\\sigma'(z)",
        given=MSE,
        symbols=SIG,
    )
    proved(r)


def test_sums_checked_on_instantiated_sizes() -> None:
    r = check(
        "\\frac{\\partial L}{\\partial w_i} = \\frac{1}{n}\\sum_{j=1}^{n}(H_j-y_j)x_{ji}",
        given=CE,
        symbols={"y": "binary"},
    )
    assert r.verdict is Verdict.VERIFIED
    assert Method.SIZES in r.methods
    assert len(r.sizes) == 2
    assert {dict(s)["n"] for s in r.sizes} == {2, 3}


def test_sum_over_n_plus_one_terms_is_refuted() -> None:
    # a mean written 1/n * sum_{j=0}^{n}: n+1 terms
    r = check("\\frac{1}{n}\\sum_{j=0}^{n} c = c", symbols={"n": "count"})
    ce = refuted_at(r)
    assert Method.SIZES in r.methods
    n = dict(ce.sizes)["n"]
    assert float(ce.lhs) == pytest.approx(float(ce.rhs) * (n + 1) / n)  # (n+1)/n c against c


def test_update_rule_descent_verified() -> None:
    r = check(
        "w_i \\leftarrow w_i - \\eta\\frac{\\partial L}{\\partial w_i}",
        given=CE,
        symbols={"y": "binary"},
    )
    proved(r, sizes=True)
    assert r.message.startswith("a gradient-descent step: proved by SymPy")


@pytest.mark.parametrize(
    "form",
    [
        "w_i = w_i + \\eta\\frac{\\partial L}{\\partial w_i}",
        "w_i := w_i + \\eta\\frac{\\partial L}{\\partial w_i}",
    ],
)
def test_update_rule_ascent_refuted_direction(form: str) -> None:
    r = check(form, given=CE, symbols={"y": "binary"})
    assert r.verdict is Verdict.REFUTED
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.DIRECTION
    assert r.correction is not None and "- \\eta" in r.correction


def test_update_rule_with_explicit_gradient() -> None:
    r = check(
        "b \\leftarrow b - \\frac{\\eta}{n}\\sum_{j=1}^{n}(H_j - y_j)",
        given=CE,
        symbols={"y": "binary"},
    )
    proved(r, sizes=True)
    assert r.message.startswith("a gradient-descent step: proved by SymPy")


def test_update_rule_not_a_gradient_step() -> None:
    r = check(
        "b \\leftarrow b - \\eta\\sum_{j=1}^{n}(H_j - y_j)^2", given=CE, symbols={"y": "binary"}
    )
    assert r.verdict is Verdict.REFUTED
    assert r.diagnosis is not None and r.diagnosis.kind is not DiagnosisKind.DIRECTION


@pytest.mark.parametrize(
    ("claim", "verdict", "value"),
    [
        ("0.25^5 \\approx 0.0009", Verdict.VERIFIED, None),
        ("0.25^5 \\approx 0.0011", Verdict.REFUTED, "0.0009765625"),
        ("\\sigma(0) \\approx 0.5", Verdict.VERIFIED, None),
    ],
)
def test_approx_within_one_unit_of_last_digit(
    claim: str, verdict: Verdict, value: str | None
) -> None:
    r = check(claim, symbols=SIG)
    assert r.verdict is verdict
    assert r.methods == (Method.EXACT,)
    if value is None:
        assert r.message == "every approximation is within one unit of its last written digit"
    else:
        assert r.counterexample is not None and r.counterexample.lhs == value


def test_approx_with_definitions_gradient_descent_trace() -> None:
    given = ("f(x) = \\frac{x^2}{10} + \\sin x", "x_0 = -9", "x_1 = x_0 - 0.4 f'(x_0)")
    # x_1 = -9 - 0.4(-9/5 + cos(-9)) = -7.91554...
    for written, verdict in [("-7.9", "verified"), ("-7.92", "verified"), ("-7.90", "refuted")]:
        r = check(f"x_1 \\approx {written}", given=given)
        assert (r.verdict.value, r.methods) == (verdict, (Method.EXACT,))
    r = check("x_1 \\approx -7.0", given=given)
    assert r.verdict is Verdict.REFUTED
    assert r.counterexample is not None and r.counterexample.lhs.startswith("-7.9155478")
    assert r.message.startswith("x_1 = -7.9155478") and "more than 1/10 away" in r.message


def test_bound_verified_and_refuted() -> None:
    r = check("0 \\le \\sigma'(z) \\le \\frac{1}{4}", symbols=SIG)
    proved(r)
    assert r.message.startswith("bound proved by SymPy")
    r = check("\\sigma'(z) \\le \\frac{1}{5}", symbols=SIG)
    assert r.verdict is Verdict.REFUTED
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.BOUND


def test_binary_domain_is_used_in_the_proof() -> None:
    # y^2 = y only for y in {0, 1}
    proved(check("y^2 = y", symbols={"y": "binary"}))
    ce = refuted_at(check("y^2 = y"))
    ((name, y),) = ce.point
    assert name == "y" and float(y) not in {0.0, 1.0}
    assert float(ce.lhs) == pytest.approx(float(y) ** 2, rel=1e-2)


def test_arbitrary_function_and_chain_rule() -> None:
    r = check(
        "\\frac{d}{dx}\\left(f(g(x))\\right) = f'(g(x))g'(x)",
        symbols={"f": "function", "g": "function"},
    )
    proved(r)
    r = check(
        "\\frac{d}{dx}\\left(f(g(x))\\right) = f'(x)g'(x)",
        symbols={"f": "function", "g": "function"},
    )
    ce = refuted_at(r)
    assert [name for name, _ in ce.point] == ["x"]


def test_function_definition_in_given() -> None:
    r = check("f'(x) = \\frac{x}{5} + \\cos x", given=("f(x) = \\frac{x^2}{10} + \\sin x",))
    proved(r)


def test_second_derivative() -> None:
    r = check("\\frac{\\partial^2 g}{\\partial x^2} = 6x", given=("g = x^3 + y",))
    proved(r)


def test_numeric_only_agreement_is_undecided() -> None:
    # An identity SymPy cannot reduce: true, so the numeric check agrees, but no proof.
    from derive import Settings, check_claim
    from tests.conftest import make_claim

    r = check_claim(
        make_claim("\\sigma'(z) = \\sigma(z)(1-\\sigma(z))", symbols=SIG), Settings(symbolic=False)
    )
    assert r.verdict is Verdict.UNDECIDED
    assert "no symbolic proof" in r.message


def test_log_is_natural() -> None:
    proved(check("\\frac{d}{dx}(\\log x) = \\frac{1}{x}", symbols={"x": "positive"}))
    ce = refuted_at(
        check("\\frac{d}{dx}(\\log x) = \\frac{1}{x \\ln 10}", symbols={"x": "positive"})
    )
    ((_, x),) = ce.point
    assert float(ce.lhs) == pytest.approx(1 / float(x), rel=1e-2)  # d/dx log x = 1/x at x


def test_operator_without_parentheses_applies_to_what_follows_not_a_drop() -> None:
    # notes write \frac{d}{dx}\log x (issue 13): the derivative of log x, nothing dropped
    proved(check("\\frac{d}{dx}\\log x = \\frac{1}{x}"))
    r = check("\\frac{d}{dx}\\log x = \\frac{2}{x}")
    refuted_at(r)
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.FACTOR
    assert r.correction == "\\frac{d}{dx}\\log x = \\frac{1}{x}"


@pytest.mark.parametrize(
    ("claim", "given", "fragment"),
    [
        ("\\frac{\\partial L}{\\partial w} = \\foo(x)", (), "\\foo"),
        ("f(x) = x", (), "f("),
        ("x + (y = 1", (), "("),
        ("x = y)", (), ")"),
    ],
)
def test_bad_latex_is_an_error_naming_the_piece(
    claim: str, given: tuple[str, ...], fragment: str
) -> None:
    r = check(claim, given=given)
    assert r.verdict is Verdict.ERROR
    assert fragment in r.message
    assert "^" in r.message.splitlines()[-1]


def test_cycle_in_given_is_an_error() -> None:
    r = check("a = 1", given=("a = b + 1", "b = 2a"))
    assert r.verdict is Verdict.ERROR
    assert "cycle" in r.message


def test_definition_with_loose_index_is_an_error() -> None:
    r = check("z_1 = 1", given=("z_j = \\sum_{k=1}^{n} w_{jk}a_k + b_k",))
    assert r.verdict is Verdict.ERROR
    assert "index k" in r.message


def test_size_fixed_in_given_is_used() -> None:
    proved(check("\\sum_{j=1}^{m} 1 = 4", given=("m = 4",)))
    ce = refuted_at(check("\\sum_{j=1}^{m} 1 = 3", given=("m = 4",)))
    assert (ce.lhs, ce.rhs, ce.sizes) == ("4", "3", ())  # m = 4 as given, not drawn


def test_pi_is_the_constant() -> None:
    proved(check("\\cos(\\pi) = -1"))
    r = check("\\cos(\\pi) = 1")
    assert refuted_at(r).lhs == "-1"
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.SIGN


def test_a_chain_defining_its_bare_head_checks_the_links_after_it() -> None:
    ok = check("L = \\frac{1}{2}(t - v)^2 = \\frac{1}{2}t^2 - tv + \\frac{1}{2}v^2")
    assert ok.verdict is Verdict.VERIFIED, ok.message
    bad = check("L = \\frac{1}{2}(t - v)^2 = \\frac{1}{2}t^2 + tv + \\frac{1}{2}v^2")
    assert bad.verdict is Verdict.REFUTED
    assert bad.counterexample is not None
    assert bad.counterexample.link.startswith("\\frac{1}{2}(t - v)^2 =")  # the second link


def test_a_chain_opening_with_a_conditional_probability_checks_the_links_after_it() -> None:
    ok = check("P(t=1|u;w) = \\frac{1}{1+e^{-wu}} = \\frac{e^{wu}}{e^{wu}+1}")
    assert ok.verdict is Verdict.VERIFIED, ok.message
    bad = check("P(t=1|u;w) = \\frac{1}{1+e^{-wu}} = \\frac{e^{-wu}}{e^{wu}+1}")
    assert bad.verdict is Verdict.REFUTED
    assert bad.counterexample is not None
    assert bad.counterexample.link.startswith("\\frac{1}{1+e^{-wu}} =")


def test_a_chain_defining_its_head_checks_the_links_after_it() -> None:
    ok = check("p(y;\\mu) = e^{-(y - \\mu)^2} = e^{-y^2} e^{2\\mu y - \\mu^2}")
    assert ok.verdict is Verdict.VERIFIED, ok.message
    bad = check("p(y;\\mu) = e^{-(y - \\mu)^2} = e^{-y^2} e^{2\\mu y + \\mu^2}")
    assert bad.verdict is Verdict.REFUTED
    assert bad.counterexample is not None
    assert bad.counterexample.link.startswith("e^{-(y - \\mu)^2} =")  # the second link
