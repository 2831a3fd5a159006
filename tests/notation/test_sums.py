"""Sums, products and norms (notation/sums.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy

from derive import Method, Verdict, catalog, check_claim
from derive.errors import LatexError
from derive.notation import arrays
from tests.notation.reading import Build, assert_read_error, caret, check, idx, read

# -- norms and absolute values ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latex", "build"),
    [
        pytest.param("\\|w\\|", lambda n: sympy.Abs(n.symbol("w")), id="norm"),
        pytest.param("\\lVert w \\rVert", lambda n: sympy.Abs(n.symbol("w")), id="lVert"),
        pytest.param("\\Vert w \\Vert", lambda n: sympy.Abs(n.symbol("w")), id="Vert"),
        pytest.param(
            "\\left\\| w \\right\\|", lambda n: sympy.Abs(n.symbol("w")), id="left-right-norm"
        ),
        pytest.param(
            "\\|w - v\\|",
            lambda n: sympy.Abs(n.symbol("w") - n.symbol("v")),
            id="norm-of-difference",
        ),
        pytest.param("\\|w\\|^2", lambda n: n.symbol("w") ** 2, id="norm-squared"),
        pytest.param("|x|", lambda n: sympy.Abs(n.symbol("x")), id="abs"),
        pytest.param("\\lvert x \\rvert", lambda n: sympy.Abs(n.symbol("x")), id="lvert"),
    ],
)
def test_norms_of_scalars_are_absolute_values(latex: str, build: Build) -> None:
    check(latex, build)


@pytest.mark.parametrize(
    ("latex", "table"),
    [
        pytest.param("\\|x\\|", {"x": "vector(n)"}, id="declared-vector"),
        pytest.param("\\|x_{ij} + z^{[l]}\\|", {}, id="number-plus-layered-vector"),
        pytest.param("\\|z^{[l]} - w^{[l]}_{jk} - z^{[l]}_j\\|", {}, id="vector-minus-two-numbers"),
    ],
)
def test_norm_of_a_vector_form_is_a_norm_not_abs(latex: str, table: dict[str, str]) -> None:
    # SymPy's Abs.eval recursed without end on such sums once a diagnosis rebuilt them (fuzz
    # seeds 3 and 7): the norm of a non-commutative form is arrays.NormOf, a number
    expr, _ = read(latex, table or None)
    assert isinstance(expr, arrays.NormOf) and expr.is_commutative
    inner = expr.args[0]
    flipped = expr.xreplace({inner: -inner})  # what a diagnosis's sign edit does
    assert isinstance(flipped, arrays.NormOf)


def test_unclosed_norm_is_an_error() -> None:
    with pytest.raises(LatexError, match="never closed") as info:
        read("a + \\|w")
    assert info.value.fragment == "\\|"
    assert caret(info.value) == (4, 2)


# -- sums and products -----------------------------------------------------------------------------


def test_sum_with_limits() -> None:
    check(
        "\\sum_{i=1}^{n} x_i",
        lambda n: sympy.Sum(idx(n, "x", "i"), (n.symbol("i"), 1, n.symbol("n"))),
    )


def test_product_with_limits() -> None:
    check(
        "\\prod_{i=1}^{n} x_i",
        lambda n: sympy.Product(idx(n, "x", "i"), (n.symbol("i"), 1, n.symbol("n"))),
    )


def test_sum_index_is_the_same_symbol_as_the_subscript() -> None:
    expr, n = read("\\sum_{j=1}^{m} w_{j}")
    (j,) = expr.variables
    assert j is n.symbol("j")
    assert expr.function.indices == (j,)


@pytest.mark.parametrize(
    ("latex", "term"),
    [
        pytest.param("\\sum_{\\hat{x}_i\\in M} \\hat{x}_i", "\\hat{x}", id="decorated-member"),
        pytest.param("\\sum_{x_i \\in M} x_i", "x", id="indexed-member"),
        pytest.param("\\sum_{i \\in M} x_i", "x", id="plain-index"),
    ],
)
def test_set_indexed_sum_runs_over_one_to_the_size_of_the_set(latex: str, term: str) -> None:
    expr, n = read(latex)
    i = n.symbol("i")
    size = sympy.Symbol("|M|", integer=True, positive=True)
    assert expr == sympy.Sum(idx(n, term, "i"), (i, 1, size))


def test_sum_without_limits_runs_over_an_implicit_size() -> None:
    expr, n = read("\\sum_i x_i")
    i = n.symbol("i")
    size = sympy.Symbol("#i", integer=True, positive=True)
    assert expr == sympy.Sum(idx(n, "x", "i"), (i, 1, size))


def test_sum_without_limits_binds_the_summand_of_a_network_formula() -> None:
    expr, n = read("\\sum_k w^{[l]}_{jk} a^{[l-1]}_k + b^{[l]}_j")
    k, l = n.symbol("k"), n.symbol("l")
    size = sympy.Symbol("#k", integer=True, positive=True)
    summand = idx(n, "w", "l", "j", "k", layer=True) * idx(n, "a", l - 1, "k", layer=True)
    assert expr == sympy.Sum(summand, (k, 1, size)) + idx(n, "b", "l", "j", layer=True)


@pytest.mark.parametrize(
    ("latex", "build"),
    [
        pytest.param(
            "\\sum_{j \\neq m} v_j",
            lambda n, j, size: sympy.Sum(
                (1 - sympy.KroneckerDelta(j, n.symbol("m"))) * idx(n, "v", "j"), (j, 1, size)
            ),
            id="neq",
        ),
        pytest.param(
            "\\sum_{j\\ne m+1}^{q} v_j u_j",
            lambda n, j, size: sympy.Sum(
                (1 - sympy.KroneckerDelta(j, n.symbol("m") + 1))
                * idx(n, "v", "j")
                * idx(n, "u", "j"),
                (j, 1, n.symbol("q")),
            ),
            id="ne-with-upper-limit",
        ),
        pytest.param(
            "\\sum_{j \\neq m} v_j + v_m",
            lambda n, j, size: (
                sympy.Sum(
                    (1 - sympy.KroneckerDelta(j, n.symbol("m"))) * idx(n, "v", "j"), (j, 1, size)
                )
                + idx(n, "v", "m")
            ),
            id="term-ends-at-plus",
        ),
    ],
)
def test_sum_leaving_one_index_out_has_a_factor_zero_there(latex: str, build) -> None:  # type: ignore[no-untyped-def]
    # every j of the range but m: the sum's term times 1 - delta_{jm}, m in the same range
    size = sympy.Symbol("#j", integer=True, positive=True)
    check(latex, lambda n: build(n, n.symbol("j"), size))


@pytest.mark.parametrize(
    ("latex", "fragment", "words"),
    [
        pytest.param("\\sum x", "\\sum", "needs an index", id="no-index"),
        pytest.param(
            "\\sum_{j \\neq} v_j", "\\neq", "the value the sum leaves out", id="neq-nothing"
        ),
        pytest.param("\\prod_{j \\neq m} v_j", "\\neq m", "only a sum", id="product-neq"),
        pytest.param("\\sum_{v_j \\neq m} v_j", "v_j", "one plain name", id="neq-indexed-var"),
        pytest.param("\\sum_{i=0} x_i", "\\sum_{i=0}", "other than 1", id="no-upper-from-zero"),
        pytest.param(
            "\\sum_{i=2} x_i", "\\sum_{i=2}", "needs an upper limit", id="no-upper-from-2"
        ),
        pytest.param("\\sum_{i\\in M}^{n} x_i", "^", "no upper limit", id="set-with-upper"),
        pytest.param("\\sum_{x_{ij}=1}^{n} x", "x_{ij}", "one plain name", id="indexed-var"),
    ],
)
def test_bad_sums(latex: str, fragment: str, words: str) -> None:
    assert_read_error(latex, fragment, words)


def test_a_sum_from_one_without_an_upper_limit_runs_over_the_whole_range() -> None:
    # \\sum_{i=1} y_i, as published notes write it: i from 1 to the end of its range, as \\sum_i
    size = sympy.Symbol("#i", integer=True, positive=True)
    check(
        "\\sum_{i=1} y_i u_i",
        lambda n: sympy.Sum(idx(n, "y", "i") * idx(n, "u", "i"), (n.symbol("i"), 1, size)),
    )
    assert read("\\sum_{i=1} y_i")[0] == read("\\sum_i y_i")[0]


def test_a_sum_from_one_without_an_upper_limit_is_an_error_with_zero_based_names() -> None:
    # with entries from 0 it would leave out the first one, which \\sum_i includes
    with pytest.raises(LatexError, match="other than 1 \\(or with zero-based names\\)"):
        read("\\sum_{i=1} y_i", {"beta": "vector(2), zero-based"})


FIXTURE = Path(__file__).parents[1] / "fixtures" / "published.toml"
FROM_ONE = {c.id: c for c in catalog.load([FIXTURE]).claims if c.id.startswith("sum-from-one-")}


@pytest.mark.parametrize("claim_id", sorted(FROM_ONE))
def test_sums_from_one_without_an_upper_limit_in_claims(claim_id: str) -> None:
    claim = FROM_ONE[claim_id]
    r = check_claim(claim)
    assert r.verdict is claim.expect, r.message
    assert Method.SIZES in r.methods  # the range of i drawn as a size
    if claim.expect is Verdict.REFUTED:
        assert r.counterexample is not None
