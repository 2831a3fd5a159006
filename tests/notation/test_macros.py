"""The macro tables and normalisation (notation/macros.py): transparent and named fonts, dropped
sizing, spacing and text."""

from __future__ import annotations

import pytest

from derive.errors import UnsupportedError
from tests.notation.reading import Build, check, idx, read

# -- fonts, sizing, spacing, text -------------------------------------------------------------------


@pytest.mark.parametrize(
    "latex",
    [
        "\\mathbf{x}",
        "\\boldsymbol{x}",
        "\\bm{x}",
        "\\vec{x}",
        "\\mathit{x}",
        "\\pmb{x}",
        "\\mathbf x",
    ],
)
def test_bold_and_vector_fonts_are_transparent(latex: str) -> None:
    expr, n = read(latex)
    assert expr is n.symbol("x")
    diff, _ = read(f"{latex} - x")
    assert diff == 0


@pytest.mark.parametrize(
    ("latex", "build"),
    [
        pytest.param("\\mathbf{x}_i", lambda n: idx(n, "x", "i"), id="bold-subscript"),
        pytest.param(
            "\\mathbf{x}^{(i)}", lambda n: idx(n, "x", "i", sample=True), id="bold-sample"
        ),
        pytest.param("\\hat{\\mathbf{x}}", lambda n: n.symbol("\\hat{x}"), id="hat-of-bold"),
        pytest.param("\\mathbf{\\hat{x}}", lambda n: n.symbol("\\hat{x}"), id="bold-of-hat"),
        pytest.param("\\boldsymbol{\\theta}", lambda n: n.symbol("\\theta"), id="bold-greek"),
    ],
)
def test_transparent_fonts_keep_scripts_and_decorations(latex: str, build: Build) -> None:
    check(latex, build)


def test_scripts_inside_a_font_group_are_unsupported() -> None:
    with pytest.raises(
        UnsupportedError,
        match=r"inside a font or accent group .* write them after the group, W\^T$",
    ):
        read("\\mathbf{W^T}")


@pytest.mark.parametrize(
    ("latex", "name"),
    [
        pytest.param("\\mathcal{L}", "\\mathcal{L}", id="mathcal"),
        pytest.param("\\mathscr{L}", "\\mathscr{L}", id="mathscr"),
        pytest.param("\\mathbb{E}", "\\mathbb{E}", id="mathbb"),
        pytest.param("\\mathfrak{g}", "\\mathfrak{g}", id="mathfrak"),
    ],
)
def test_named_fonts_are_distinct_names(latex: str, name: str) -> None:
    expr, n = read(latex)
    assert expr == n.symbol(name)
    plain = name[-2]
    assert expr != n.symbol(plain)


def test_mathcal_l_minus_l_does_not_cancel() -> None:
    check("\\mathcal{L} - L", lambda n: n.symbol("\\mathcal{L}") - n.symbol("L"))


def test_mathcal_with_subscript() -> None:
    check("\\mathcal{L}_i", lambda n: idx(n, "\\mathcal{L}", "i"))


@pytest.mark.parametrize(
    ("latex", "name"),
    [
        pytest.param("\\mathrm{loss}", "loss", id="mathrm"),
        pytest.param("\\operatorname{acc}", "acc", id="operatorname"),
        pytest.param("\\mathsf{KL}", "KL", id="mathsf"),
        pytest.param("\\mathtt{lr}", "lr", id="mathtt"),
    ],
)
def test_word_fonts_make_one_multi_letter_name(latex: str, name: str) -> None:
    check(latex, lambda n: n.symbol(name))


@pytest.mark.parametrize(
    "latex",
    [
        pytest.param("\\left(a + b\\right) c", id="left-right"),
        pytest.param("\\bigl(a + b\\bigr) c", id="bigl-bigr"),
        pytest.param("\\Bigl(a + b\\Bigr) c", id="Bigl-Bigr"),
        pytest.param("\\biggl(a + b\\biggr) c", id="biggl-biggr"),
        pytest.param("\\Biggl(a + b\\Biggr) c", id="Biggl-Biggr"),
        pytest.param("\\big(a + b\\big) c", id="big"),
        pytest.param("\\Big(a + b\\Big) c", id="Big"),
        pytest.param("\\left[a + b\\right] c", id="brackets"),
        pytest.param("\\left. \\left(a + b\\right) \\right. c", id="left-dot"),
        pytest.param("\\displaystyle (a + b) c", id="displaystyle"),
    ],
)
def test_sizing_commands_are_dropped(latex: str) -> None:
    check(latex, lambda n: (n.symbol("a") + n.symbol("b")) * n.symbol("c"))


@pytest.mark.parametrize(
    "space", ["\\,", "\\;", "\\:", "\\!", "\\ ", "\\quad", "\\qquad", "\\enspace", "~"]
)
def test_spacing_is_dropped(space: str) -> None:
    check(f"a {space} + {space} b", lambda n: n.symbol("a") + n.symbol("b"))


@pytest.mark.parametrize(
    "latex",
    [
        pytest.param("a + b \\text{ for all } ", id="english"),
        pytest.param("a + b \\quad \\text{（其中 $b$ 为偏置）}", id="chinese"),
        pytest.param("a \\text{加} + b", id="chinese-between"),
        pytest.param("a + \\textbf{note} b", id="textbf"),
        pytest.param("a + b\\mbox{, where }", id="mbox"),
    ],
)
def test_text_is_dropped(latex: str) -> None:
    check(latex, lambda n: n.symbol("a") + n.symbol("b"))
