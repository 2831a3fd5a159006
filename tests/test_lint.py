"""Notation warnings (derive/lint/): each kind is flagged on a small claim and not on the
correct variant; warnings reach every result that run_claims returns."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from derive.engine import check_linted
from derive.lint import lint
from derive.model import ClaimResult, Notice, Verdict, WarningKind
from derive.run import RunOptions, run_claims
from derive.settings import Settings
from tests.conftest import make_claim

MEAN = WarningKind.MEAN_TERMS
RANGE = WarningKind.INDEX_RANGE
TWO = WarningKind.TWO_MEANINGS

LOSS_GIVEN = (
    "A_j = \\sum_{i=1}^{k} w_i x_{ji} + b",
    "H_j = \\frac{1}{1+e^{-A_j}}",
    "L = -\\frac{1}{n}\\sum_{j=1}^{n}\\left(y_j\\log H_j + (1-y_j)\\log(1-H_j)\\right)",
)


def kinds(latex: str, **kwargs: object) -> list[WarningKind]:
    return [w.kind for w in lint(make_claim(latex, **kwargs))]  # type: ignore[arg-type]


def only(latex: str, **kwargs: object) -> Notice:
    (notice,) = lint(make_claim(latex, **kwargs))  # type: ignore[arg-type]
    return notice


# -- MEAN_TERMS ----------------------------------------------------------------------------------


def test_mean_over_n_plus_one_terms() -> None:
    w = only("m = \\frac{1}{n}\\sum_{j=0}^{n} x_j")
    assert w.kind is MEAN
    assert w.message == "\\frac{1}{n} with \\sum_{j=0}^{n}: n + 1 terms, not n"
    assert w.latex == "\\frac{1}{n}\\sum_{j=0}^{n}"


@pytest.mark.parametrize(
    ("latex", "terms"),
    [
        ("m = \\frac{1}{n}\\sum_{j=2}^{n} x_j", "n - 1 terms"),
        ("m = \\frac{1}{n}\\sum_{j=1}^{n-1} x_j", "n - 1 terms"),
        ("m = \\frac{\\sum_{j=0}^{n} x_j}{n}", "n + 1 terms"),  # divided by n
        ("m = \\sum_{j=0}^{n} x_j / n", "n + 1 terms"),  # 1/n inside the sum
        ("m = -\\frac{2}{n}\\sum_{j=0}^{n} x_j", "n + 1 terms"),
        ("m = \\frac{1}{nk}\\sum_{i=1}^{n}\\sum_{j=0}^{k} x_{ij}", "k + 1 terms, not k"),
    ],
)
def test_mean_forms_flagged(latex: str, terms: str) -> None:
    w = only(latex)
    assert w.kind is MEAN and terms in w.message


def test_mean_in_given_flagged() -> None:
    given = ("L = \\frac{1}{n}\\sum_{j=0}^{n} (w x_j - y_j)^2",)
    assert kinds("\\frac{\\partial L}{\\partial w} = 1", given=given) == [MEAN]


@pytest.mark.parametrize(
    "latex",
    [
        "m = \\frac{1}{n}\\sum_{j=1}^{n} x_j",
        "m = \\frac{1}{n}\\sum_{j=0}^{n-1} x_j",
        "m = \\frac{1}{2n}\\sum_{j=1}^{n} x_j",
        "s = \\frac{1}{n-1}\\sum_{j=1}^{n} (x_j - m)^2",  # Bessel's correction
        "m = \\frac{1}{m}\\sum_{j=0}^{n} x_j",  # the divisor is not the sum's size
        "m = \\frac{1}{nk}\\sum_{i=1}^{n}\\sum_{j=1}^{k} x_{ij}",
    ],
)
def test_mean_correct_not_flagged(latex: str) -> None:
    assert kinds(latex) == []


# -- INDEX_RANGE ---------------------------------------------------------------------------------


def test_one_slot_summed_over_two_ranges() -> None:
    w = only("\\sum_{j=0}^{n} x_j = \\sum_{j=1}^{n} x_j")
    assert w.kind is RANGE
    assert "\\sum_{j=0}^{n}" in w.message and "\\sum_{j=1}^{n}" in w.message
    assert "x_{0} is in only one of the ranges" in w.message


def test_fixed_index_outside_the_range_of_its_sums() -> None:
    w = only("a = x_0 + \\sum_{j=1}^{n} x_j y_j")
    assert w.kind is RANGE and w.latex == "x_{0}"
    assert "outside the range" in w.message and "\\sum_{j=1}^{n}" in w.message


def test_fixed_index_outside_a_range_given_by_a_definition() -> None:
    given = ("L = \\sum_{j=1}^{n} (w_j - 1)^2",)
    w = only("\\frac{\\partial L}{\\partial w_0} = 2", given=given)
    assert w.kind is RANGE and w.latex == "w_{0}"
    assert kinds("\\frac{\\partial L}{\\partial w_k} = 2", given=given) == []


def test_summation_index_used_outside_its_sum() -> None:
    w = only("\\sum_{j=1}^{n} H_j - y_j = 0")  # the sum ends before - y_j
    assert w.kind is RANGE
    assert (
        w.message == "j is the index of \\sum_{j=1}^{n} and is also used outside that sum (y_{j})"
    )
    assert kinds("\\sum_{j=1}^{n} (H_j - y_j) = 0") == []


@pytest.mark.parametrize(
    "latex",
    [
        "\\sum_{j=0}^{n} x_j = x_0 + \\sum_{j=1}^{n} x_j",  # the first term taken out
        "\\sum_{j=1}^{n} x_j = x_n + \\sum_{j=1}^{n-1} x_j",  # the last term taken out
        "\\sum_{j=1}^{n} x_j = \\sum_{j=1}^{m} x_j + \\sum_{j=m+1}^{n} x_j",  # a split
        "\\sum_{j=1}^{n} (x_j - x_{j-1}) = x_n - x_0",  # telescoping: x_0 is x_{j-1}, j=1
        "\\sum_{j=1}^{n} j = \\frac{n(n+1)}{2}",  # the index as a value inside its sum
        "\\sum_{j} x_j = \\sum_{j=1}^{n} x_j",  # limitless and written ranges: not comparable
    ],
)
def test_index_ranges_correct_not_flagged(latex: str) -> None:
    assert kinds(latex) == []


# -- TWO_MEANINGS --------------------------------------------------------------------------------


def test_function_name_used_as_an_indexed_name() -> None:
    w = only("\\sigma_{l,s} = \\sigma(z)", symbols={"sigma": "sigmoid"})
    assert w.kind is TWO
    assert w.message.startswith('\\sigma is declared "sigmoid", but \\sigma_{ls} uses it')
    assert kinds("\\sigma(z_s) = \\sigma(z_t)", symbols={"sigma": "sigmoid"}) == []


def test_defined_function_used_as_an_indexed_name() -> None:
    (w,) = lint(make_claim("f_j = 1", given=("f(x) = x^2",)))
    assert w.kind is TWO and w.message.startswith("f is a function defined in given, but f_{j}")


def test_layer_index_that_is_also_the_loss() -> None:
    given = ("L = \\frac{1}{2}\\sum_{j=1}^{n}(a^{[L]}_j - y_j)^2",)
    w = only("\\frac{\\partial L}{\\partial a^{[L]}_j} = a^{[L]}_j - y_j", given=given)
    assert w.kind is TWO and w.latex == "a^{[L]}_{j}"
    assert w.message.startswith("L is a layer index in a^{[L]}_{j}")
    renamed = ("C = \\frac{1}{2}\\sum_{j=1}^{n}(a^{[L]}_j - y_j)^2",)
    assert kinds("\\frac{\\partial C}{\\partial a^{[L]}_j} = a^{[L]}_j - y_j", given=renamed) == []


def test_plain_name_and_family_of_the_same_letter() -> None:
    w = only("\\|x\\|^2 = \\sum_{i=1}^{n} x_i^2")
    assert w.kind is TWO and w.latex == "x, x_{i}"


def test_plain_name_defined_from_its_family_is_not_flagged() -> None:
    given = ("L = \\frac{1}{m}\\sum_{i=1}^{m} L_i", "L_i = (w x_i - y_i)^2")
    assert kinds("\\frac{\\partial L}{\\partial w} = 1", given=given) == []


def test_family_with_two_numbers_of_indices() -> None:
    w = only("x_j = x_{ij}")
    assert w.kind is TWO and w.message == "x is used with 1 index (x_{j}) and 2 indices (x_{ij})"


def test_family_with_two_kinds_of_slots() -> None:
    assert kinds("y^{(i)} + y_j = 1") == [TWO]


@pytest.mark.parametrize(
    ("latex", "given", "symbols"),
    [
        (
            "\\frac{\\partial L}{\\partial w_i} = \\frac{1}{n}\\sum_{j=1}^{n}(H_j-y_j)x_{ji}",
            LOSS_GIVEN,
            None,
        ),
        (  # x the argument of f, x_0 and x_1 the iterates
            "x_1 \\approx -7.92",
            ("f(x) = \\frac{x^2}{10} + \\sin x", "x_0 = -9", "x_1 = x_0 - 0.1 f'(x_0)"),
            None,
        ),
        ("\\theta^{(new)} = \\theta^{(old)} - \\eta g", (), None),
        ("\\sigma'(z) = \\sigma(z)(1-\\sigma(z))", (), {"sigma": "sigmoid"}),
        (
            "\\frac{\\partial^2 g}{\\partial x_1\\partial x_2} = 2x_1",
            ("g = x_1^2 x_2 + \\sin(x_1 x_2)",),
            None,
        ),
    ],
)
def test_usual_notation_not_flagged(
    latex: str, given: tuple[str, ...], symbols: dict[str, str] | None
) -> None:
    assert kinds(latex, given=given, symbols=symbols) == []


def test_plain_name_related_to_its_family_by_an_element_definition() -> None:
    given = ("y_{1} = y", "y_{0} = 1 - y", "a_{1} = a", "a_{0} = 1 - a")
    claim = "-[y\\log a + (1-y)\\log(1-a)] = -\\sum_{c=0}^{1} y_{c}\\log a_{c}"
    assert kinds(claim, given=given) == []
    assert kinds(claim, given=given[:2]) == [TWO]  # a and a_c: nothing relates them
    assert kinds("y + y_1 = 1") == [TWO]


def test_argument_of_a_defined_function_and_its_points() -> None:
    given = ("F(x) = f(x_m) + f'(x_m)(x - x_m)",)
    claim = "F'(x) = f'(x_m)"
    assert kinds(claim, given=given, symbols={"f": "function"}) == []
    assert kinds("f'(x_m)(x - x_m) = 1", symbols={"f": "function"}) == [TWO]


def test_definitions_the_claim_does_not_use_are_not_linted() -> None:
    given = ("L = \\frac{1}{n}\\sum_{j=0}^{n} (w x_j - y_j)^2", "a_h = \\sum_{i=1}^{d} v_{ih} x_i")
    assert (
        kinds("\\sigma'(x) = \\sigma(x)(1-\\sigma(x))", given=given, symbols={"sigma": "sigmoid"})
        == []
    )
    # an update rule uses the loss of `given` without naming it
    assert kinds("w \\leftarrow w - \\eta x_1", given=given) == [MEAN]


# -- unreadable input, and the hook --------------------------------------------------------------


@pytest.mark.parametrize(
    ("latex", "given"),
    [
        ("\\frac{1}{2 = \\frac{1}{n}\\sum_{j=0}^{n} x_j", ()),
        ("m = \\frac{1}{n}\\sum_{j=0}^{n} x_j", ("a = \\foo",)),
        ("g(x) = \\frac{1}{n}\\sum_{j=0}^{n} x_j", ()),  # an undeclared function
    ],
)
def test_unreadable_claim_gives_no_warnings(latex: str, given: tuple[str, ...]) -> None:
    assert lint(make_claim(latex, given=given)) == ()


ATOMS = ["x_j", "x_0", "x_{j+1}", "y", "L", "w_{ij}", "a^{[L]}_j", "\\sigma(z)", "\\sigma_j", "n"]
SUMS = st.builds(
    "\\{}_{{{}={}}}^{{{}}} ({})".format,
    st.sampled_from(["sum", "prod"]),
    st.sampled_from(["i", "j"]),
    st.sampled_from(["0", "1", "2"]),
    st.sampled_from(["n", "n-1", "n+1", "m"]),
    st.sampled_from(ATOMS),
)
TERMS = st.one_of(
    st.sampled_from(ATOMS),
    SUMS,
    st.builds("\\frac{{1}}{{{}}}{}".format, st.sampled_from(["n", "m", "n-1"]), SUMS),
)
EXPRS = st.lists(TERMS, min_size=1, max_size=3).map(" + ".join)


@settings(deadline=None, max_examples=25)
@given(lhs=EXPRS, rhs=EXPRS, loss=st.none() | EXPRS)
def test_lint_never_raises_on_readable_input(lhs: str, rhs: str, loss: str | None) -> None:
    claim = make_claim(
        f"{lhs} = {rhs}", given=(f"L = {loss}",) if loss else (), symbols={"sigma": "sigmoid"}
    )
    notices = lint(claim)  # raises nothing, whatever the reader makes of the input
    assert all(isinstance(n, Notice) and n.message and n.latex for n in notices)


MEAN_CLAIM = "\\frac{1}{n}\\sum_{j=0}^{n} x_j = \\frac{\\sum_{j=0}^{n} x_j}{n}"


def test_check_linted_puts_warnings_on_partial_and_final_results() -> None:
    partials: list[ClaimResult] = []
    result = check_linted(make_claim(MEAN_CLAIM), Settings(), partials.append)
    assert result.verdict is Verdict.VERIFIED  # a warning never changes the verdict
    assert [w.kind for w in result.warnings] == [MEAN]
    assert partials and all(p.warnings == result.warnings for p in partials)


@pytest.mark.parametrize("timeout", [None, 60.0], ids=["in-process", "worker"])
def test_run_claims_returns_warnings(timeout: float | None) -> None:
    claims = [make_claim(MEAN_CLAIM, claim_id="a"), make_claim("(x+1)^2 = x^2+2x+1", claim_id="b")]
    a, b = run_claims(claims, RunOptions(timeout=timeout))
    assert [w.kind for w in a.warnings] == [MEAN]
    assert b.warnings == ()
