"""Helpers of the lint tests: the warning kinds of a claim read from its LaTeX."""

from __future__ import annotations

from derive.lint import lint
from derive.model import Notice, WarningKind
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
