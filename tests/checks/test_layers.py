"""Layered networks in index form: the four backpropagation equations for any cost, their
classic slips, the networks an instance builds (L and distinct layer sizes), index ranges
(a shape refutation), sizes pinned by concrete layers, and recurrences (x_{k+1} = ...)."""

from __future__ import annotations

import itertools
import re

import pytest

from derive import ClaimResult, DiagnosisKind, Method, Settings, Verdict, check_claim
from derive.checks.instances import SizePlan
from tests.checks.networks import (
    BP_INDEX,
    DIAGNOSED_ONE_NETWORK,
    FAST,
    INDEX_FORWARD,
    NET,
    NUMERIC_ONLY,
    check,
)
from tests.conftest import make_claim


def bp(latex: str, settings: Settings = FAST) -> ClaimResult:
    return check(latex, given=INDEX_FORWARD, symbols=NET, settings=settings)


# -- the four equations, for a generic cost C = \ell(a^{[L]}) -------------------------------------


@pytest.mark.parametrize("name", sorted(BP_INDEX))
def test_backprop_equation_verifies_for_any_cost(name: str) -> None:
    r = bp(BP_INDEX[name])
    assert r.verdict is Verdict.VERIFIED, r.message
    assert r.methods == (Method.SYMBOLIC, Method.NUMERIC, Method.SIZES)


def test_sizes_list_several_networks_with_distinct_neighbouring_layers() -> None:
    r = bp(BP_INDEX["bp3"])
    assert r.verdict is Verdict.VERIFIED
    assert len(r.sizes) >= 2
    depths = set()
    for size_set in r.sizes:
        sizes = dict(size_set)
        last = sizes["L"]
        depths.add(last)
        units = [sizes[f"n^{{[{k}]}}"] for k in range(last + 1)]  # layers 0 (input) .. L
        assert all(u >= 2 for u in units)
        # neighbours differ: w^{[l]} is never square, so a transposed weight cannot fit
        assert all(a != b for a, b in itertools.pairwise(units)), sizes
    assert len(depths) >= 2  # networks of more than one depth


# -- classic slips --------------------------------------------------------------------------------

SLIPS = {
    # a^{[l]} where a^{[l-1]} belongs (the input of layer l is the output of layer l-1)
    "wrong-layer": "\\frac{\\partial C}{\\partial w^{[l]}_{jk}} = a^{[l]}_k\\delta^{[l]}_j",
    # w_{jk} where w_{kj} belongs (the transpose of W^{[l+1]})
    "transposed-weight": "\\delta^{[l]}_j = \\sum_k w^{[l+1]}_{jk}\\delta^{[l+1]}_k\\sigma'(z^{[l]}_j)",
    "missing-sigma-prime": "\\delta^{[l]}_j = \\sum_k w^{[l+1]}_{kj}\\delta^{[l+1]}_k",
    "extra-bias": "\\frac{\\partial C}{\\partial b^{[l]}_j} = \\delta^{[l]}_j + b^{[l]}_j",
}


@pytest.mark.parametrize("name", sorted(SLIPS))
def test_slip_is_refuted(name: str) -> None:
    r = bp(SLIPS[name], NUMERIC_ONLY)
    assert r.verdict is Verdict.REFUTED, r.message


def test_transposed_weight_index_is_a_shape_refutation() -> None:
    # j runs over layer l, k over layer l+1; w^{[l+1]}_{jk} has them the other way round and
    # the neighbouring layers have different sizes
    r = bp(SLIPS["transposed-weight"], NUMERIC_ONLY)
    assert r.verdict is Verdict.REFUTED
    # refuted by value at an instance where the indices fit, or by shape where they do not
    if r.diagnosis is not None:
        assert r.diagnosis.kind is DiagnosisKind.SHAPE
        assert re.search(r"w\^\{\[\d\]\}_\{\d,\d\}: index \d is \d, outside 1\.\.\d", r.message)
    else:
        assert r.counterexample is not None


@pytest.mark.parametrize(
    ("name", "kind"),
    [("wrong-layer", DiagnosisKind.INDEX), ("extra-bias", DiagnosisKind.TERM)],
)
def test_slip_is_diagnosed(name: str, kind: DiagnosisKind) -> None:
    r = bp(SLIPS[name], DIAGNOSED_ONE_NETWORK)
    assert r.verdict is Verdict.REFUTED
    assert r.diagnosis is not None and r.diagnosis.kind is kind, r.diagnosis
    assert r.correction is not None  # reported only once it verifies


# -- index and layer ranges -----------------------------------------------------------------------


def test_index_written_as_a_number_raises_its_layer_width() -> None:
    # b^{[1]}_5 says layer 1 has 5 units or more: checked at 5 and past it, never refuted at
    # a width of 2 or 3 the layer convention would draw (a true claim, refuted as a shape)
    r = bp("\\frac{\\partial C}{\\partial b^{[1]}_{5}} = \\delta^{[1]}_{5}", NUMERIC_ONLY)
    assert r.verdict is Verdict.UNDECIDED and "numeric agreement" in r.message, r.message
    widths = {dict(s)["n^{[1]}"] for s in r.sizes}
    assert min(widths) == 5 and max(widths) > 5, r.sizes


def test_layer_past_the_output_is_a_shape_refutation() -> None:
    r = bp("\\delta^{[L+1]}_1 = 0", NUMERIC_ONLY)
    assert r.verdict is Verdict.REFUTED
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.SHAPE
    assert "does not exist" in r.message


@pytest.mark.parametrize(
    "latex",
    [
        pytest.param("\\delta^{[L+1]}_1 = 0", id="layer"),
        pytest.param(SLIPS["transposed-weight"], id="transposed-weight"),
    ],
)
def test_shape_refutation_survives_the_diagnosis(latex: str) -> None:
    # the default settings: the diagnosis re-instantiates the claim, which must not crash
    r = check_claim(make_claim(latex, given=INDEX_FORWARD, symbols=NET))
    assert r.verdict is Verdict.REFUTED
    assert r.diagnosis is not None
    assert r.diagnosis.kind in {DiagnosisKind.SHAPE, DiagnosisKind.INDEX}


# -- concrete layers ------------------------------------------------------------------------------

# sums with limits over the units of a layer fix its size: 3 inputs, 2 hidden units, 4 outputs
PINNED = (
    "z^{[1]}_j = \\sum_{k=1}^{3} w^{[1]}_{jk} a^{[0]}_k + b^{[1]}_j",
    "a^{[1]}_j = \\sigma(z^{[1]}_j)",
    "z^{[2]}_j = \\sum_{k=1}^{2} w^{[2]}_{jk} a^{[1]}_k + b^{[2]}_j",
    "a^{[2]}_j = \\sigma(z^{[2]}_j)",
    "C = \\frac{1}{2}\\sum_{j=1}^{4}(a^{[2]}_j - y_j)^2",
)


def test_concrete_layers_pin_the_layer_sizes() -> None:
    r = check(
        "\\frac{\\partial C}{\\partial w^{[1]}_{jk}} = \\sum_{i=1}^{4}(a^{[2]}_i - y_i)"
        "\\sigma'(z^{[2]}_i) w^{[2]}_{ij}\\sigma'(z^{[1]}_j) a^{[0]}_k",
        given=PINNED,
        symbols=NET,
    )
    assert r.verdict is Verdict.VERIFIED, r.message
    assert r.sizes
    for size_set in r.sizes:
        sizes = dict(size_set)
        assert (sizes["n^{[0]}"], sizes["n^{[1]}"], sizes["n^{[2]}"], sizes["L"]) == (3, 2, 4, 2)


@pytest.mark.parametrize(
    "settings", [pytest.param(NUMERIC_ONLY, id="numeric"), pytest.param(None, id="diagnosed")]
)
def test_index_past_a_pinned_layer_is_a_shape_refutation(settings: Settings | None) -> None:
    # the layer's width is written (2 units): b^{[1]}_3 is past it at every size; with the
    # default settings the diagnosis re-instantiates the claim, which must not crash
    r = check(
        "\\frac{\\partial C}{\\partial b^{[1]}_{3}} = 0",
        given=PINNED,
        symbols=NET,
        settings=settings or Settings(),
    )
    assert r.verdict is Verdict.REFUTED
    assert r.diagnosis is not None
    assert r.diagnosis.kind in {DiagnosisKind.SHAPE, DiagnosisKind.INDEX}
    assert "outside 1..2 (shape 2 " in r.message


# -- recurrences ----------------------------------------------------------------------------------

GD = ("f(x) = \\frac{x^2}{10} + \\sin x", "x_0 = -9", "x_{k+1} = x_k - 0.4 f'(x_k)")


def test_recursion_without_a_base_case_is_an_error() -> None:
    r = check("x_3 = 3", given=("x_{k+1} = x_k + 1",))
    assert r.verdict is Verdict.ERROR
    assert "recurses" in r.message


@pytest.mark.parametrize(
    ("latex", "verdict"),
    [
        ("x_1 \\approx -7.92", Verdict.VERIFIED),
        ("x_3 \\approx -6.90", Verdict.VERIFIED),
        ("x_3 \\approx -7.26", Verdict.REFUTED),  # x_2: one step short
    ],
)
def test_gradient_descent_trace(latex: str, verdict: Verdict) -> None:
    # x_1 = -7.9155, x_2 = -7.2577, x_3 = -6.9017 (f'(x) = x/5 + cos x)
    r = check(latex, given=GD)
    assert r.verdict is verdict, r.message
    assert Method.EXACT in r.methods


# -- instance selection ---------------------------------------------------------------------------


def test_one_instance_per_size_set_is_allowed() -> None:
    settings = Settings(diagnose=False, plan=SizePlan(size_sets=1, max_instances=1))
    r = check_claim(make_claim(BP_INDEX["bp3"], given=INDEX_FORWARD, symbols=NET), settings)
    assert r.verdict is Verdict.VERIFIED
    assert r.methods == (Method.SYMBOLIC, Method.NUMERIC, Method.SIZES)
    assert len(r.sizes) == 1  # one size set, one instance
