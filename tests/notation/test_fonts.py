"""Old-style font switches (notation/fonts.py): `{\\cal C}`, `{\\bf x}`, `{\\rm T}` read as the
font commands they stand for, with carets on what is written and nothing reported dropped."""

from __future__ import annotations

import pytest
import sympy

from derive.errors import LatexError
from derive.notation.fonts import old_fonts
from derive.notation.statements import Notation
from derive.notation.tokens import tokenize
from tests.notation.reading import Build, check, idx, make_specs, read

VECTORS = {"v": "vector(n)", "u": "vector(n)"}


@pytest.mark.parametrize(
    ("latex", "build", "table"),
    [
        pytest.param("{\\cal J}", lambda n: n.symbol("\\mathcal{J}"), {}, id="cal-is-mathcal"),
        pytest.param(
            "{\\cal J} - J",
            lambda n: n.symbol("\\mathcal{J}") - n.symbol("J"),
            {},
            id="cal-is-no-plain-letter",
        ),
        pytest.param("{\\bf v}_k", lambda n: idx(n, "v", "k"), {}, id="bf-with-subscript"),
        pytest.param("3{\\bf q}", lambda n: 3 * n.symbol("q"), {}, id="bf-after-a-number"),
        pytest.param("{\\it r}", lambda n: n.symbol("r"), {}, id="it-is-the-name"),
        pytest.param(
            "\\frac{\\cal J}{4}", lambda n: n.symbol("\\mathcal{J}") / 4, {}, id="frac-argument"
        ),
        pytest.param(
            "\\frac{\\partial{\\cal J}}{\\partial q}",
            lambda n: sympy.Derivative(n.symbol("\\mathcal{J}"), n.symbol("q")),
            {},
            id="under-partial",
        ),
    ],
)
def test_old_style_switch_is_its_font_command(
    latex: str, build: Build, table: dict[str, str]
) -> None:
    check(latex, build, table)


@pytest.mark.parametrize(
    ("old", "new"), [("{\\rm ReLU}(q)", "\\mathrm{ReLU}(q)"), ("{\\sf d}", "d")]
)
def test_word_switches_are_the_word_fonts(old: str, new: str) -> None:
    assert read(old)[0] == read(new)[0]


@pytest.mark.parametrize("sup", ["^{\\rm T}", "^{{\\rm T}}"])
def test_roman_switch_in_a_superscript_is_the_transpose(sup: str) -> None:
    expr, _ = read(f"v{sup} u", VECTORS)
    same, _ = read("v^T u", VECTORS)
    assert expr == same


def test_switch_after_a_script_group_only_scopes_the_switch() -> None:
    assert read("d^{[2]}{\\bf a}_k")[0] == read("d^{[2]} \\mathbf{a}_k")[0]
    kept = [t.text for t in old_fonts(tokenize("d^{2}{\\bf a}"))]
    assert kept == ["d", "^", "{", "2", "}", "\\mathbf", "{", "a", "}"]
    kept = [t.text for t in old_fonts(tokenize("\\frac{1}{\\bf a}"))]
    assert kept == ["\\frac", "{", "1", "}", "{", "\\mathbf", "{", "a", "}", "}"]


def test_switch_that_does_not_open_its_group_runs_to_the_group_end() -> None:
    kept = [t.text for t in old_fonts(tokenize("{2 \\cal J}"))]
    assert kept == ["{", "2", "\\mathcal", "{", "J", "}", "}"]


def test_several_names_under_one_switch_are_an_error() -> None:
    with pytest.raises(LatexError, match="should hold one name"):
        read("{\\cal J K}")


def test_caret_covers_the_switch_as_written() -> None:
    with pytest.raises(LatexError) as info:
        read("{\\cal J}(q)", {})
    assert info.value.fragment == "{\\cal J}(q)"


def test_nothing_written_is_reported_dropped() -> None:
    notation = Notation(make_specs({}), ["{\\cal J} = q^2"])
    assert notation.dropped("{\\cal J} = q^2") == ()
    d = notation.definition("{\\cal J} = q^2")
    assert d.target == notation.names.symbol("\\mathcal{J}")


@pytest.mark.parametrize(
    ("latex", "build"),
    [
        pytest.param(
            "\\frac{\\mathrm{d}L}{\\mathrm{d}w}",
            lambda n: sympy.Derivative(n.symbol("L"), n.symbol("w")),
            id="frac",  # was the quotient (d L)/(d w) = L/w
        ),
        pytest.param(
            "{\\rm d}L/{\\rm d}w",
            lambda n: sympy.Derivative(n.symbol("L"), n.symbol("w")),
            id="old-switch-inline",
        ),
        pytest.param(
            "\\int_0^1 y \\, \\mathrm{d}y",
            lambda n: sympy.Integral(n.symbol("y"), (n.symbol("y"), 0, 1)),
            id="integral",
        ),
        pytest.param(
            "\\mathrm{d} + x", lambda n: n.symbol("d") + n.symbol("x"), id="elsewhere-the-name-d"
        ),
        # each was the quotient (d L)/(d w) = L/w (\\text{d} dropped as an annotation)
        *(
            pytest.param(
                f"\\frac{{{d}L}}{{{d}w}}",
                lambda n: sympy.Derivative(n.symbol("L"), n.symbol("w")),
                id=f"frac-{d.strip(' {}')[1:].replace('{', '-').replace(' ', '-unbraced-')}",
            )
            for d in (
                "\\mathrm d ",
                "\\mathit{d}",
                "\\mathit d ",
                "\\operatorname{d}",
                "\\text{d}",
                "\\textrm{d}",
            )
        ),
        pytest.param(
            "\\int_0^1 y \\, \\text{d}y",
            lambda n: sympy.Integral(n.symbol("y"), (n.symbol("y"), 0, 1)),
            id="integral-text-d",
        ),
    ],
)
def test_upright_d_is_the_letter_d(latex: str, build: Build) -> None:
    check(latex, build, {"L": "real", "w": "real", "y": "real", "x": "real"})


def test_a_text_d_in_a_script_stays_a_label() -> None:
    expr, n = read("x_{\\text{d}}", {"x": "real"})
    assert expr != idx(n, "x", "d")  # a label, never the index d
