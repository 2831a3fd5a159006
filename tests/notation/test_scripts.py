"""Names with their scripts (notation/scripts.py): superscripts (layers, samples, powers,
transposes), subscripts and multi-letter names."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
import sympy

from derive.errors import DeriveError, LatexError
from derive.notation import arrays
from derive.notation.names import Family, family_of
from tests.notation.reading import Build, assert_read_error, caret, check, fam, idx, read

# -- superscripts: layer, sample, power, index, transpose ------------------------------------------


@pytest.mark.parametrize(
    ("latex", "build"),
    [
        pytest.param(
            "w^{[l]}_{jk}",
            lambda n: idx(n, "w", "l", "j", "k", layer=True),
            id="layer-and-two-subscripts",
        ),
        pytest.param("x^{(i)}", lambda n: idx(n, "x", "i", sample=True), id="sample"),
        pytest.param(
            "a^{[L](i)}_j",
            lambda n: idx(n, "a", "L", "i", "j", layer=True, sample=True),
            id="layer-and-sample",
        ),
        pytest.param(
            "y^{(i)}_j", lambda n: idx(n, "y", "i", "j", sample=True), id="sample-then-subscript"
        ),
        pytest.param(
            "x_j^{(i)}", lambda n: idx(n, "x", "i", "j", sample=True), id="subscript-then-sample"
        ),
        pytest.param(
            "a^{[l-1]}_k",
            lambda n: idx(n, "a", n.symbol("l") - 1, "k", layer=True),
            id="layer-expression",
        ),
        pytest.param("z^{[2]}_1", lambda n: idx(n, "z", 2, 1, layer=True), id="numeric-layer"),
        pytest.param(
            "\\tilde{x}^{(i)}",
            lambda n: idx(n, "\\tilde{x}", "i", sample=True),
            id="decorated-sample",
        ),
        pytest.param(
            "\\theta^{(new)}",
            lambda n: idx(n, "\\theta", n.symbol("new"), sample=True),
            id="word-label",
        ),
    ],
)
def test_layer_and_sample_superscripts_are_indices(latex: str, build: Build) -> None:
    expr = check(latex, build)
    assert isinstance(expr, sympy.Indexed)
    assert not expr.has(sympy.Pow)


def test_layer_family_is_the_bracket_labelled_indexed_base() -> None:
    expr, n = read("w^{[l]}_{jk}")
    l, j, k = n.layer_symbol("l"), n.symbol("j"), n.symbol("k")
    assert expr == sympy.IndexedBase("w[]")[l, j, k]
    assert family_of(str(expr.base.label)) == Family("w", layer=True, sample=False)


def test_hat_y_sub_sup_is_a_power_by_default() -> None:
    table = {"\\hat{y}": "unit"}
    check("\\hat{y}_j^k", lambda n: idx(n, "\\hat{y}", "j") ** n.symbol("k"), table)


def test_hat_y_sub_sup_is_an_index_when_declared_superscript_index() -> None:
    expr = check("\\hat{y}_j^k", lambda n: idx(n, "\\hat{y}", "k", "j", sample=True))
    assert expr.base.label == sympy.Symbol("\\hat{y}()")


def test_superscript_index_alone() -> None:
    check("\\hat{y}^k", lambda n: idx(n, "\\hat{y}", "k", sample=True))


def test_undeclared_name_superscript_is_a_power() -> None:
    check("\\hat{z}^k", lambda n: n.symbol("\\hat{z}") ** n.symbol("k"))


@pytest.mark.parametrize(
    ("latex", "build"),
    [
        pytest.param("x^2", lambda n: n.symbol("x") ** 2, id="plain"),
        pytest.param("x^2_j", lambda n: idx(n, "x", "j") ** 2, id="power-before-subscript"),
        pytest.param("x^{2}_{j}", lambda n: idx(n, "x", "j") ** 2, id="braced"),
        pytest.param("x_j^2", lambda n: idx(n, "x", "j") ** 2, id="subscript-then-power"),
        pytest.param("x^{-1}", lambda n: 1 / n.symbol("x"), id="negative"),
        pytest.param("x^{y^2}", lambda n: n.symbol("x") ** (n.symbol("y") ** 2), id="nested"),
        pytest.param("2^{x}", lambda n: 2 ** n.symbol("x"), id="number-base"),
    ],
)
def test_powers(latex: str, build: Build) -> None:
    check(latex, build)


@pytest.mark.parametrize(
    ("latex", "fragment"),
    [
        pytest.param("x^T", "x^T", id="T"),
        pytest.param("x^{T}", "x^{T}", id="braced-T"),
        pytest.param("x^{\\top}", "x^{\\top}", id="top"),
        pytest.param("x^\\top", "x^\\top", id="bare-top"),
        pytest.param("x^{\\intercal}", "x^{\\intercal}", id="intercal"),
        pytest.param("a + x^T b", "x^T", id="inside"),
    ],
)
def test_transpose_of_an_undeclared_name_is_a_latex_error(latex: str, fragment: str) -> None:
    with pytest.raises(LatexError) as info:
        read(latex)
    err = info.value
    assert "transpose" in err.message
    assert err.fragment == fragment
    assert caret(err) == (latex.index(fragment), len(fragment))


@pytest.mark.parametrize(
    ("table", "latex", "transposed"),
    [
        pytest.param({"W": "matrix(n, m)"}, "W^T", True, id="matrix-T"),
        pytest.param({"W": "matrix(n, m)"}, "W^{\\top}", True, id="matrix-top"),
        pytest.param({"W": "vector(n)"}, "W^T", True, id="vector-T"),
        pytest.param({"W": "vector(n)"}, "W", False, id="vector-alone"),
    ],
)
def test_declared_vectors_and_matrices_are_noncommutative(
    table: Mapping[str, str], latex: str, transposed: bool
) -> None:
    expr, _ = read(latex, table)
    whole = sympy.Symbol("W", commutative=False)
    assert expr == (arrays.TransposeOf(whole) if transposed else whole)


def test_a_layered_name_without_components_is_the_whole_array() -> None:
    expr, n = read("w^{[l+1]T} \\delta^{[l+1]}")
    lay = n.layer_symbol("l") + 1
    w = n.array(fam("w", layer=True), (lay,))
    d = n.array(fam("\\delta", layer=True), (lay,))
    assert expr == arrays.TransposeOf(w) * d
    assert expr != d * arrays.TransposeOf(w)  # products of arrays keep their order


def test_mathrm_t_superscript_is_a_transpose() -> None:
    with pytest.raises(LatexError, match="transpose"):
        read("x^{\\mathrm{T}}")


def test_declared_scalar_t_in_superscript_is_a_power() -> None:
    check("\\gamma^T", lambda n: n.symbol("\\gamma") ** n.symbol("T"), {"T": "count"})


# -- subscripts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latex", "build"),
    [
        pytest.param("x_i", lambda n: idx(n, "x", "i"), id="one"),
        pytest.param("x_{ji}", lambda n: idx(n, "x", "j", "i"), id="two-letters-two-indices"),
        pytest.param("x_{j-1}", lambda n: idx(n, "x", n.symbol("j") - 1), id="expression"),
        pytest.param("w_{j,k}", lambda n: idx(n, "w", "j", "k"), id="comma-separated"),
        pytest.param(
            "w_{j, k+1}", lambda n: idx(n, "w", "j", n.symbol("k") + 1), id="comma-with-expression"
        ),
        pytest.param("x_1", lambda n: idx(n, "x", 1), id="digit"),
        pytest.param("x_{12}", lambda n: idx(n, "x", 12), id="number"),
        pytest.param("x_{1 2}", lambda n: idx(n, "x", 1, 2), id="two-digits-spaced"),
        pytest.param("x_{i1}", lambda n: idx(n, "x", "i", 1), id="letter-digit"),
        pytest.param("x_{\\alpha\\beta}", lambda n: idx(n, "x", "\\alpha", "\\beta"), id="greek"),
        pytest.param("x_{2i}", lambda n: idx(n, "x", 2, "i"), id="digit-letter"),
    ],
)
def test_subscripts(latex: str, build: Build) -> None:
    check(latex, build)


@pytest.mark.parametrize(
    ("latex", "fragment", "words"),
    [
        pytest.param("x_12", "_12", "several digits in braces", id="unbraced-digits"),
        pytest.param("x_{i}_{j}", "_{i}_", "a double subscript", id="second-subscript"),
        pytest.param("x_{}", "{", "empty subscript", id="empty"),
        pytest.param("_i", "_", "subscript on nothing", id="nothing"),
    ],
)
def test_bad_subscripts(latex: str, fragment: str, words: str) -> None:
    assert_read_error(latex, fragment, words, last=True)


# -- multi-letter names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latex", "build"),
    [
        pytest.param("OUT", lambda n: n.symbol("OUT"), id="alone"),
        pytest.param("OUT_j", lambda n: idx(n, "OUT", "j"), id="subscript"),
        pytest.param("OUT(1-OUT)", lambda n: n.symbol("OUT") * (1 - n.symbol("OUT")), id="product"),
        pytest.param("2OUT", lambda n: 2 * n.symbol("OUT"), id="coefficient"),
        pytest.param("OUTS", lambda n: n.symbol("OUT") * n.symbol("S"), id="longest-prefix"),
        pytest.param(
            "O U T",
            lambda n: n.symbol("O") * n.symbol("U") * n.symbol("T"),
            id="spaced-letters-are-not-the-name",
        ),
    ],
)
def test_declared_multi_letter_name(latex: str, build: Build) -> None:
    check(latex, build)


def test_longest_declared_name_wins() -> None:
    check("NET", lambda n: n.symbol("NET"), {"NE": "real", "NET": "real"})


def test_undeclared_multi_letter_word_is_a_product() -> None:
    check("OUT", lambda n: n.symbol("O") * n.symbol("U") * n.symbol("T"), {})


@pytest.mark.parametrize(
    ("latex", "build"),
    [
        pytest.param("a_{OUT}", lambda n: idx(n, "a", "OUT"), id="alone"),
        pytest.param("a_{jOUT}", lambda n: idx(n, "a", "j", "OUT"), id="after-a-letter"),
        pytest.param("a_{OUTj}", lambda n: idx(n, "a", "OUT", "j"), id="before-a-letter"),
        pytest.param("a_{OUTS}", lambda n: idx(n, "a", "OUT", "S"), id="longest-prefix"),
        pytest.param("a_{O U T}", lambda n: idx(n, "a", "O", "U", "T"), id="spaced-letters"),
    ],
)
def test_declared_multi_letter_name_in_a_subscript_is_one_index(latex: str, build: Build) -> None:
    # a subscript of letters is one index a letter (w_{jk}), but a declared multi-letter name
    # is found there as it is in the formula: the longest declared name whose letters touch
    check(latex, build)


# -- a decoration over an indexed name: \hat{y_i} is the entry \hat{y}_i -----------------------


@pytest.mark.parametrize(
    ("latex", "build"),
    [
        pytest.param("\\hat{y_i}", lambda n: idx(n, "\\hat{y}", "i"), id="hat"),
        pytest.param("\\tilde{x_{ij}}", lambda n: idx(n, "\\tilde{x}", "i", "j"), id="tilde-two"),
        pytest.param("\\hat{y_i} - \\hat{y}_i", lambda n: sympy.Integer(0), id="same-as-outside"),
    ],
)
def test_a_decoration_over_an_indexed_name_is_the_entry(latex: str, build: Build) -> None:
    check(latex, build)


@pytest.mark.parametrize(
    ("latex", "table", "words"),
    [
        # y a vector: the estimate of entry i, or of a vector y_i? not read
        pytest.param(
            "\\hat{y_i}",
            {"y": "vector(3)"},
            r"accent group .* write them after the group, \\hat\{y\}_i \(\\hat over an entry",
            id="vector",
        ),
        pytest.param("\\hat{y_i x}", None, "should decorate one name", id="two-names"),
        pytest.param("\\hat{y_i^2}", None, "should decorate one name", id="a-power-inside"),
    ],
)
def test_a_decoration_over_more_than_an_entry_is_an_error(
    latex: str, table: Mapping[str, str] | None, words: str
) -> None:
    with pytest.raises(DeriveError, match=words):
        read(latex, table)
