"""The author's macros (notation/usermacros.py): definitions as a `[macros]` table or a preamble
writes them, and formulas read through them exactly as their expansion would be, with carets in
the formula as written."""

from __future__ import annotations

import pytest
import sympy

from derive.errors import CatalogError, LatexError
from derive.model import Macro
from derive.notation.macrotext import expand_text
from derive.notation.names import Names
from derive.notation.reader import read_expression
from derive.notation.usermacros import definition, definitions_in, macros_table, preamble
from tests.notation.reading import caret, make_specs

# -- definitions ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "\\newcommand{\\Vw}{\\mathbf{w}}", Macro("Vw", "\\mathbf{w}"), id="newcommand"
        ),
        pytest.param(
            "\\newcommand\\Vw{\\mathbf{w}}", Macro("Vw", "\\mathbf{w}"), id="unbraced-name"
        ),
        pytest.param("\\renewcommand*{\\Vw}{\\bm{w}}", Macro("Vw", "\\bm{w}"), id="renew-starred"),
        pytest.param(
            "\\providecommand{\\sq}[1]{{#1}^2}", Macro("sq", "{#1}^2", 1), id="one-argument"
        ),
        pytest.param(
            "\\newcommand{\\pd}[2]{\\frac{\\partial #1}{\\partial #2}}",
            Macro("pd", "\\frac{\\partial #1}{\\partial #2}", 2),
            id="two-arguments",
        ),
        pytest.param("\\def\\Vu{\\boldsymbol{u}}", Macro("Vu", "\\boldsymbol{u}"), id="def"),
        pytest.param("\\def\\ip#1#2{#1^\\top #2}", Macro("ip", "#1^\\top #2", 2), id="def-params"),
        pytest.param(
            "\\DeclareMathOperator{\\logsm}{logsoftmax}",
            Macro("logsm", "\\operatorname{logsoftmax}"),
            id="math-operator",
        ),
        pytest.param(
            "\\newcommand{\\Tp}{\\top} % the transpose", Macro("Tp", "\\top"), id="comment-after"
        ),
    ],
)
def test_definitions_as_a_preamble_writes_them(text: str, expected: Macro) -> None:
    assert definition(text) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        pytest.param("\\newcommand{\\a}[1][x]{#1}", "optional argument", id="default-argument"),
        pytest.param("\\newcommand{\\a}{#1}", "uses #1 but takes 0", id="argument-not-declared"),
        pytest.param("\\newcommand{\\a}{x", "never closed", id="unclosed-body"),
        pytest.param("\\newcommand{\\a}{x} y", "unexpected text", id="text-after"),
        pytest.param("\\def\\a#2{#2}", "#1#2... in order", id="def-parameters-out-of-order"),
        pytest.param("\\let\\a\\b", "starts with", id="let-is-not-read"),
        pytest.param("\\newcommand{\\a}{x @ y}", "cannot be read", id="body-not-latex"),
    ],
)
def test_definitions_that_cannot_be_read_are_errors(text: str, words: str) -> None:
    with pytest.raises(CatalogError, match=words.replace(".", "\\.")):
        definition(text)


def test_macros_table_takes_bodies_and_definitions() -> None:
    table = {"Vw": "\\mathbf{w}", "sq": "\\newcommand{\\sq}[1]{{#1}^2}"}
    assert macros_table(table, "[macros]") == {
        "Vw": Macro("Vw", "\\mathbf{w}"),
        "sq": Macro("sq", "{#1}^2", 1),
    }


def test_macros_table_entry_must_define_its_own_name() -> None:
    with pytest.raises(CatalogError, match="the entry sq defines \\\\sqr, not \\\\sq"):
        macros_table({"sq": "\\newcommand{\\sqr}{x}"}, "[macros]")


def test_preamble_reads_every_definition_and_skips_the_rest() -> None:
    text = (
        "\\usepackage{amsmath}\n"
        "% \\newcommand{\\Hidden}{h}\n"
        "\\newcommand{\\Vw}{\\mathbf{w}}\n"
        "\\newcommand{\\pd}[2]{\\frac{\\partial #1}\n  {\\partial #2}}\n"
        "\\def\\Vu{u}\\DeclareMathOperator*{\\amax}{arg\\,max}\n"
    )
    assert preamble(text) == {
        "Vw": Macro("Vw", "\\mathbf{w}"),
        "pd": Macro("pd", "\\frac{\\partial #1}\n  {\\partial #2}", 2),
        "Vu": Macro("Vu", "u"),
        "amax": Macro("amax", "\\operatorname{arg\\,max}"),
    }


# -- reading through the macros --------------------------------------------------------------------

MACROS = (
    Macro("Vw", "\\boldsymbol{\\mathit{w}}"),
    Macro("Vv", "\\mathbf{v}"),
    Macro("MB", "\\mathbf{B}"),
    Macro("Tp", "\\top"),
    Macro("sq", "{#1}^2", 1),
    Macro("pd", "\\frac{\\partial #1}{\\partial #2}", 2),
    Macro("half", "\\frac{1}{2}"),
    Macro("loss", "\\half \\sq{u - t}"),  # a macro using macros
)
SHAPES = {"w": "vector(k)", "v": "vector(k)", "B": "matrix(k, k)"}


def read_both(with_macros: str, written_out: str) -> tuple[sympy.Expr, sympy.Expr]:
    specs = make_specs(SHAPES)
    a = read_expression(with_macros, Names(specs, MACROS))
    b = read_expression(written_out, Names(specs))
    return a, b


@pytest.mark.parametrize(
    ("with_macros", "written_out"),
    [
        pytest.param(
            "\\Vw^\\Tp \\MB \\Vv", "\\mathbf{w}^\\top \\mathbf{B} \\mathbf{v}", id="script"
        ),
        pytest.param("\\Vw^{\\Tp}\\Vv", "w^{\\top} v", id="braced-script"),
        pytest.param("\\sq{a+b} - \\sq c", "{a+b}^2 - c^2", id="arguments"),
        pytest.param("\\pd{u^3}{u}", "\\frac{\\partial u^3}{\\partial u}", id="two-arguments"),
        pytest.param("\\loss", "\\frac{1}{2}{u - t}^2", id="nested"),
        pytest.param("x^\\half", "x^{\\frac{1}{2}}", id="script-is-one-group"),
    ],
)
def test_a_macro_reads_as_its_expansion(with_macros: str, written_out: str) -> None:
    a, b = read_both(with_macros, written_out)
    assert a == b


@pytest.mark.parametrize(
    ("latex", "fragment", "words"),
    [
        pytest.param("1 + \\sq", "\\sq", "takes 1 argument", id="missing-argument"),
        pytest.param("\\Vw + \\Vq", "\\Vq", "unknown macro", id="undeclared-macro"),
        pytest.param("a + \\sq{b +}", "a + \\sq{b +}", "cannot read", id="error-in-an-argument"),
        pytest.param("\\sq{b} + \\sq{c}'", "'", "a prime on", id="error-after-a-use"),
        pytest.param("\\Tp + 1", "\\Tp", "a transpose on nothing", id="error-in-a-body"),
    ],
)
def test_errors_point_at_the_formula_as_written(latex: str, fragment: str, words: str) -> None:
    with pytest.raises(LatexError) as info:
        read_expression(latex, Names(make_specs(SHAPES), MACROS))
    assert words in info.value.message
    assert info.value.latex == latex  # the author's LaTeX, never the expansion
    assert caret(info.value) == (latex.index(fragment), len(fragment))


def test_a_macro_that_uses_itself_stops_with_an_error() -> None:
    names = Names({}, (Macro("loop", "x + \\loop"),))
    with pytest.raises(LatexError, match="never stops expanding"):
        read_expression("\\loop", names)


# -- the expansion as text (for readers that keep no positions: derive scan's sorting) ------------


@pytest.mark.parametrize(
    ("with_macros", "expanded"),
    [
        pytest.param("\\Vw^\\Tp \\Vv", "\\boldsymbol{\\mathit{w}}^\\top \\mathbf{v}", id="script"),
        pytest.param("\\sq{a+b} - \\sq c", "{a+b}^2 - {c}^2", id="arguments"),
        pytest.param("\\loss", "\\frac{1}{2} {u - t}^2", id="nested"),
        pytest.param("x^\\half", "x^{\\frac{1}{2}}", id="script-is-one-group"),
        pytest.param("a \\cdot\\X y", "a \\cdot x y", id="after-a-command"),
        pytest.param("2\\dt\\X", "2\\cdot x", id="a-space-before-letters"),
        pytest.param("\\tc{a}b", "a\\cdot b", id="a-space-after-a-command"),
        pytest.param("\\X\\dt  y", "x\\cdot  y", id="spacing-kept"),
    ],
)
def test_the_text_expansion_is_the_formula_written_out(with_macros: str, expanded: str) -> None:
    macros = (*MACROS, Macro("X", "x"), Macro("dt", "\\cdot"), Macro("tc", "#1\\cdot", 1))
    text = expand_text(with_macros, macros)
    assert text == expanded
    if not with_macros.startswith("\\tc"):  # and it reads as the token expansion does
        specs = make_specs(SHAPES)
        assert read_expression(text, Names(specs)) == read_expression(
            with_macros, Names(specs, macros)
        )


@pytest.mark.parametrize(
    ("formula", "expanded"),
    [
        pytest.param("\\newcommand{\\cb}[1]{#1^3} \\cb{x} = y", " x^3 = y", id="newcommand"),
        pytest.param("\\def\\cb{x^3}\n\\cb + 1 = y", "\nx^3 + 1 = y", id="def"),
        pytest.param(
            "\\newcommand{\\w}{w} \\renewcommand{\\Vv}{v} \\Vv\\w = 1",
            " vw = 1",
            id="two-definitions-one-replacing",
        ),
    ],
)
def test_definitions_opening_a_formula_hold_in_the_rest_of_it(formula: str, expanded: str) -> None:
    """A `\\newcommand` in a note's display (a .tex display is a TeX group: it holds there
    only) is read for the formula after it, never as part of the formula; a formula without
    one is unchanged by it."""
    assert expand_text(formula, MACROS) == expanded
    assert expand_text("\\cb{x} = y", MACROS) == "\\cb{x} = y"  # a later formula: not kept
    with pytest.raises(LatexError, match="unknown macro"):
        read_expression("\\cb{x}", Names(make_specs(SHAPES), MACROS))


@pytest.mark.parametrize(
    ("formula", "fragment", "words"),
    [
        pytest.param(
            "a = \\sq{b} \\newcommand{\\sq}[1]{#1^2}",
            "\\newcommand{\\sq}[1]{#1^2}",
            "only at its start",
            id="after-its-use",
        ),
        pytest.param(
            "\\newcommand{\\sq}[1][0]{#1^2} \\sq{b} = 1",
            "\\newcommand",
            "cannot be read",
            id="unreadable",
        ),
        pytest.param(
            "\\DeclareMathOperator{\\sm}{softmax}",
            "\\DeclareMathOperator{\\sm}{softmax}",
            "definitions only",
            id="nothing-else",
        ),
    ],
)
def test_definitions_elsewhere_in_a_formula_are_errors(
    formula: str, fragment: str, words: str
) -> None:
    with pytest.raises(LatexError) as info:
        expand_text(formula, MACROS)
    assert words in info.value.message
    assert info.value.fragment == fragment


def test_the_text_expansion_of_a_macro_that_uses_itself_stops_with_an_error() -> None:
    with pytest.raises(LatexError, match="never stops expanding"):
        expand_text("\\loop", (Macro("loop", "x + \\loop"),))


def test_definitions_in_a_document_come_with_their_offsets_in_order() -> None:
    text = "\\def\\a{x} text \\newcommand{\\b}[1][0]{#1} \\DeclareMathOperator{\\sm}{softmax}"
    found = definitions_in(text)
    assert [(start, end) for start, end, _ in found] == [(0, 9), (15, 26), (41, 75)]
    assert found[0][2] == Macro("a", "x")
    assert isinstance(
        found[1][2], CatalogError
    )  # an optional argument: said, and the search goes on
    assert found[2][2] == Macro("sm", "\\operatorname{softmax}")
