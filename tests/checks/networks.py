"""Claims shared by the tests of layered networks, vector/matrix forms and mutations.

A layered claim costs seconds of SymPy (every weight of every layer is a symbol), so the
checks are cached: test files that check the same claim with the same settings share one
result within a session.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from derive import ClaimResult, Settings, check_claim
from derive.checks.instances import SizePlan
from tests.conftest import make_claim

# sigma is the logistic function; \ell an arbitrary smooth cost of all the output activations
NET = {"sigma": "sigmoid", "\\ell": "function"}

INDEX_FORWARD = (
    "z^{[l]}_j = \\sum_k w^{[l]}_{jk} a^{[l-1]}_k + b^{[l]}_j",
    "a^{[l]}_j = \\sigma(z^{[l]}_j)",
    "C = \\ell(a^{[L]})",
    "\\delta^{[l]}_j = \\frac{\\partial C}{\\partial z^{[l]}_j}",
)
MATRIX_FORWARD = (
    "z^{[l]} = w^{[l]} a^{[l-1]} + b^{[l]}",
    "a^{[l]} = \\sigma(z^{[l]})",
    "C = \\ell(a^{[L]})",
    "\\delta^{[l]} = \\frac{\\partial C}{\\partial z^{[l]}}",
)

BP_INDEX = {
    "bp1": "\\delta^{[L]}_j = \\frac{\\partial C}{\\partial a^{[L]}_j}\\sigma'(z^{[L]}_j)",
    "bp2": "\\delta^{[l]}_j = \\sum_k w^{[l+1]}_{kj}\\delta^{[l+1]}_k\\sigma'(z^{[l]}_j)",
    "bp3": "\\frac{\\partial C}{\\partial b^{[l]}_j} = \\delta^{[l]}_j",
    "bp4": "\\frac{\\partial C}{\\partial w^{[l]}_{jk}} = a^{[l-1]}_k\\delta^{[l]}_j",
}
BP_MATRIX = {
    "bp1": "\\delta^{[L]} = \\nabla_{a^{[L]}} C\\odot\\sigma'(z^{[L]})",
    "bp2": "\\delta^{[l]} = (w^{[l+1]T}\\delta^{[l+1]})\\odot\\sigma'(z^{[l]})",
    "bp4": "\\frac{\\partial C}{\\partial w^{[l]}} = \\delta^{[l]} a^{[l-1]T}",
}

# linear regression, X of m samples by n features
LINREG_SYMBOLS = {"X": "matrix(m, n)", "\\theta": "vector(n)", "y": "vector(m)"}
LINREG_COST = ("J = \\frac{1}{2m}\\sum_{i=1}^{m}(\\sum_{j=1}^{n} X_{ij}\\theta_j - y_i)^2",)
LINREG_GRAD = "\\nabla_{\\theta} J = \\frac{1}{m}X^T(X\\theta - y)"

FAST = Settings(diagnose=False)
# the first network only (L = 2, layers of 2, 3 and 4 units, no two neighbours alike): enough
# where a test is about the form of a claim rather than about its sizes, at a third of the cost
ONE_NETWORK = Settings(diagnose=False, plan=SizePlan(size_sets=1))
DIAGNOSED_ONE_NETWORK = Settings(plan=SizePlan(size_sets=1))
# a refutation is decided by the numeric check and its exact confirmation, before any proof
NUMERIC_ONLY = Settings(diagnose=False, symbolic=False)


def check(
    latex: str,
    *,
    given: tuple[str, ...] = (),
    symbols: Mapping[str, str] | None = None,
    settings: Settings = FAST,
) -> ClaimResult:
    """check_claim in this process, cached on the claim and the settings."""
    return _cached(latex, given, tuple(sorted((symbols or {}).items())), settings)


@functools.cache
def _cached(
    latex: str, given: tuple[str, ...], symbols: tuple[tuple[str, str], ...], settings: Settings
) -> ClaimResult:
    return check_claim(make_claim(latex, given=given, symbols=dict(symbols)), settings)
