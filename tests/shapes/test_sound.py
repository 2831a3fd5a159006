"""True claims never refuted for sizes derive drew itself (issue 11's soundness invariant: a
refutation is a counterexample at sizes everything written allows)."""

from __future__ import annotations

from pathlib import Path

import pytest

from derive import RunOptions, Verdict, catalog, run_claims
from derive.model import Method
from tests.conftest import make_claim

OPTIONS = RunOptions(timeout=300)
FIXTURE = Path(__file__).parent.parent / "fixtures" / "shapes.toml"


@pytest.mark.parametrize(
    "symbols",
    [{"x": "vector(n)"}, {"x": "vector(n)", "w": "vector(n)"}],
    ids=["x", "x-and-w"],
)
def test_a_sum_limit_over_a_declared_slot_is_drawn_within_it(symbols: dict[str, str]) -> None:
    # x_i for i up to m allows only m <= n: m = 3 with n = 2 refuted the claim equal to itself
    latex = "\\sum_{i=1}^{m} x_i = \\sum_{i=1}^{m} x_i"
    if "w" in symbols:
        latex = "\\sum_{i=1}^{m} w^T x_i = \\sum_{i=1}^{m} w^T x_i"
    (result,) = run_claims([make_claim(latex, symbols=symbols)], OPTIONS)
    assert result.verdict is Verdict.VERIFIED, result.message
    assert Method.SYMBOLIC in result.methods
    assert result.sizes and all(dict(s)["m"] <= dict(s)["n"] for s in result.sizes)
    # below n in the first size set, and at n (the largest m allowed) in the second
    assert [dict(s)["m"] < dict(s)["n"] for s in result.sizes] == [True, False]


def test_a_sum_to_the_wrong_limit_is_still_refuted_at_a_point() -> None:
    claim = make_claim("\\sum_{i=1}^{m} x_i = \\sum_{i=1}^{n} x_i", symbols={"x": "vector(n)"})
    (result,) = run_claims([claim], OPTIONS)
    assert result.verdict is Verdict.REFUTED
    assert result.counterexample is not None  # at a point, not for a shape


def test_an_index_of_the_kronecker_delta_is_an_index_in_the_sums_range() -> None:
    # i in \\delta_{ij} was drawn as a real number (i = 0.431), refuting a true claim
    (result,) = run_claims([make_claim("\\sum_{j=1}^n \\delta_{ij} = 1")], OPTIONS)
    assert result.verdict is Verdict.VERIFIED, result.message
    assert Method.SIZES in result.methods and Method.SYMBOLIC in result.methods


def test_a_false_kronecker_claim_is_refuted_at_an_index_within_range() -> None:
    (result,) = run_claims([make_claim("\\sum_{j=1}^n \\delta_{ij} = 0")], OPTIONS)
    assert result.verdict is Verdict.REFUTED
    assert result.counterexample is not None
    at = dict(result.counterexample.sizes)  # i is an integer in 1..n, a size of the instance
    assert 1 <= at["i"] <= at["n"]


def test_a_number_added_to_a_layered_vector_makes_its_layer_one_unit_wide() -> None:
    given = (
        "z^{[2]} = W^{[2]}a^{[1]}+b^{[2]}",
        "a^{[2]} = \\sigma(z^{[2]})",
        "E = -[y\\log a^{[2]}+(1-y)\\log(1-a^{[2]})]",
    )
    symbols = {"y": "binary", "sigma": "sigmoid"}
    true = make_claim(
        "\\frac{\\partial E}{\\partial W^{[2]}} = (a^{[2]}-y){a^{[1]}}^T",
        given=given,
        symbols=symbols,
    )
    false = make_claim(
        "\\frac{\\partial E}{\\partial W^{[2]}} = (y-a^{[2]}){a^{[1]}}^T",
        given=given,
        symbols=symbols,
    )
    good, bad = run_claims([true, false], OPTIONS)
    assert good.verdict is Verdict.VERIFIED, good.message  # was: 1 - a^{[2]} a shape error
    assert good.sizes and all(dict(s)["n^{[2]}"] == 1 for s in good.sizes)
    # the name y beside the vector forced it, and the verdict says so
    assert "layer 2 instantiated with 1 unit: forced by a^{[2]} - y" in good.message
    assert bad.verdict is Verdict.REFUTED and bad.counterexample is not None
    assert dict(bad.counterexample.sizes)["n^{[2]}"] == 1


def test_a_number_added_to_the_last_layer_makes_it_one_unit_wide() -> None:
    given = (
        "z^{[l]} = W^{[l]}a^{[l-1]}+b^{[l]}",
        "a^{[l]} = \\sigma(z^{[l]})",
        "E = -[y\\log a^{[L]}+(1-y)\\log(1-a^{[L]})]",
    )
    claim = make_claim(
        "\\frac{\\partial E}{\\partial W^{[L]}} = (a^{[L]}-y){a^{[L-1]}}^T",
        given=given,
        symbols={"y": "binary", "sigma": "sigmoid"},
    )
    (result,) = run_claims([claim], OPTIONS)
    assert result.verdict is Verdict.VERIFIED, result.message
    sizes = [dict(s) for s in result.sizes]
    assert len({s["L"] for s in sizes}) > 1  # L drawn 2 and 3: the last layer has one unit
    assert all(s[f"n^{{[{s['L']}]}}"] == 1 and s["n^{[1]}"] > 1 for s in sizes)


# claim of tests/fixtures/shapes.toml -> (its output layer's width as the verdict's sizes give
# it, what the message must say forced one unit, or None: element-wise, no unit forced)
PINS: dict[str, tuple[str, str | None]] = {
    "cross-entropy-output-of-one-unit": (
        "n^{[2]}",
        "layer 2 instantiated with 1 unit: forced by a^{[2]} - y: y is a number",
    ),
    "cross-entropy-last-layer-of-one-unit": (
        "n^{[L]}",
        "output layer L instantiated with 1 unit: forced by a^{[L]} - y: y is a number",
    ),
    "cross-entropy-gradient-by-a-matrix-forces-one-unit": (
        "n^{[2]}",
        "layer 2 instantiated with 1 unit: forced by 1 - a^{[2]} in E, which is differentiated "
        "by the matrix W^{[2]}",
    ),
    "product-in-a-definition-forces-one-unit": (
        "n^{[2]}",
        "layer 2 instantiated with 1 unit: forced by the product \\left(1 - a^{[2]}\\right) "
        "W^{[2]} in a definition",
    ),
    "norm-of-one-minus-output-is-element-wise": ("n^{[L]}", None),
    "norm-of-one-minus-output-entries": ("n^{[L]}", None),
    "sigmoid-derivative-of-a-layer": ("n^{[1]}", None),
}


@pytest.mark.parametrize("claim_id", sorted(PINS))
def test_a_written_number_pins_a_layer_to_one_unit_only_where_a_number_is_forced(
    claim_id: str,
) -> None:
    """`1 - a^{[L]}` is element-wise (broadcast) unless something written forces a number; a
    pinned layer is never silent: the verdict names the use that forced it."""
    (claim,) = [c for c in catalog.load([FIXTURE]).claims if c.id == claim_id]
    width, note = PINS[claim_id]
    (result,) = run_claims([claim], OPTIONS)
    assert result.verdict is claim.expect, result.message
    at = [dict(result.counterexample.sizes)] if result.counterexample else []
    sizes = at or [dict(s) for s in result.sizes]
    widths = [s[_layer_size(width, s)] for s in sizes if _layer_size(width, s) in s]
    if note is None:
        assert "instantiated with 1 unit" not in result.message
        assert widths and max(widths) > 1  # checked (or refuted) at more than one unit
    else:
        assert note in result.message
        assert widths and set(widths) == {1}


def _layer_size(width: str, sizes: dict[str, int]) -> str:
    """n^{[L]} as the size of the layer L is in these sizes (n^{[2]} when L = 2)."""
    if "L" in sizes:
        return width.replace("[L]", f"[{sizes['L']}]")
    return width
