"""MEAN_TERMS (lint/means.py): `\\frac{1}{n}` before a sum of n+1 or n-1 terms is flagged, a correct
mean is not."""

from __future__ import annotations

import pytest

from tests.lint.linting import MEAN, kinds, only

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
