"""INDEX_RANGE and TWO_MEANINGS (lint/uses.py): ranges of one slot that differ, fixed indices outside
every range, and names read as several quantities; the usual notation is not flagged."""

from __future__ import annotations

import pytest

from derive.lint import lint
from tests.conftest import make_claim
from tests.lint.linting import LOSS_GIVEN, MEAN, RANGE, TWO, kinds, only

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
