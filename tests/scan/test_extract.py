"""Finding display formulas and `derive:` comments, with their line and column."""

from __future__ import annotations

from derive.errors import CatalogError
from derive.model import Macro
from derive.scan.extract import (
    Directive,
    Display,
    Inline,
    Item,
    MacroDefinition,
    Where,
    latex,
    markdown,
)
from derive.scan.rows import without_nested


def displays(items: list[Item]) -> list[tuple[int, int, str]]:
    return [(d.where.line, d.where.col, d.latex) for d in items if isinstance(d, Display)]


def test_markdown_dollars_brackets_and_math_fences_in_order() -> None:
    text = (
        "Intro $x$ inline.\n"  # inline math is prose
        "$$a = b$$\n"
        "text \\[ c = d \\] more\n"
        "```math\n"
        "e = f\n"
        "```\n"
    )
    assert displays(markdown(text)) == [(2, 3, "a = b"), (3, 9, "c = d"), (5, 1, "e = f")]


def test_markdown_code_blocks_and_plain_comments_are_skipped() -> None:
    text = "```python\ns = '$$a = b$$'\n```\n<!-- $$c = d$$ -->\n    \n$$e = f$$\n"
    assert displays(markdown(text)) == [(6, 3, "e = f")]


def test_markdown_directives_come_in_document_order() -> None:
    items = markdown("<!-- derive: sigma = sigmoid -->\n$$a = b$$\n<!--derive: skip-->\n")
    assert items == [
        Directive("sigma = sigmoid", Where(1, 1)),
        Display("a = b", Where(2, 3), "$$", 1, "a = b", (33, 42)),
        Directive("skip", Where(3, 1)),
    ]


def test_a_display_starting_with_a_relation_continues_the_previous_one() -> None:
    text = "$$A = B$$\n\n$$= C$$\n\nprose\n\n$$= D$$\n"
    items = [d for d in markdown(text) if isinstance(d, Display)]
    assert [(d.latex, d.rows) for d in items] == [("A = B = C", 2), ("= D", 1)]
    assert items[0].where == Where(1, 3)


def test_aligned_rows_chain_and_cases_keep_their_rows() -> None:
    text = (
        "$$\\begin{aligned} f &= g \\\\ &= h \\\\ p &= q \\end{aligned}$$\n"
        "$$s(z) = \\begin{cases} 1, & z \\ge 0 \\\\ 0, & z < 0 \\end{cases}$$\n"
    )
    got = [d.latex.split() for d in markdown(text) if isinstance(d, Display)]
    assert got == [
        ["f", "=", "g", "=", "h"],
        ["p", "=", "q"],
        [
            *["s(z)", "=", "\\begin{cases}", "1,", "&", "z", "\\ge", "0"],
            "\\\\",
            *["0,", "&", "z", "<", "0", "\\end{cases}"],
        ],
    ]


def test_latex_environments_labels_and_comments() -> None:
    text = (
        "% derive: x = real\n"
        "\\begin{equation}\n  a = b \\label{eq:1}\n\\end{equation}\n"
        "% $$ c = d $$\n"
        "\\begin{align*}\n  u &= v \\\\\n  &= w \\nonumber \\\\\n  p &= q\n\\end{align*}\n"
        "\\begin{multline}\n  m + n \\\\\n  = k\n\\end{multline}\n"
        "\\begin{alignat}{2}\n  r &= t\n\\end{alignat}\n"
    )
    items = latex(text)
    assert items[0] == Directive("x = real", Where(1, 1))
    assert [(ln, " ".join(s.split())) for ln, _, s in displays(items)] == [
        (3, "a = b"),
        (7, "u = v = w"),
        (9, "p = q"),
        (12, "m + n = k"),
        (16, "r = t"),
    ]


def test_gather_rows_are_separate_formulas() -> None:
    items = latex("\\begin{gather}\n a = b \\\\\n c = d\n\\end{gather}\n")
    assert [(ln, s.strip()) for ln, _, s in displays(items)] == [(2, "a = b"), (3, "c = d")]


def test_an_escaped_percent_is_not_a_comment() -> None:
    items = latex("\\[ a = 50\\% b \\] % derive: skip\n")
    assert displays(items) == [(1, 4, "a = 50\\% b")]
    assert isinstance(items[1], Directive)


def test_notebook_cells_count_lines_within_the_cell() -> None:
    (d,) = [i for i in markdown("x\n\n$$a = b$$\n", cell=4) if isinstance(i, Display)]
    assert d.where == Where(3, 3, 4)


def test_spans_cover_the_delimiters_and_every_block_of_a_chain() -> None:
    text = "p\n$$A = B$$\n\n$$= C$$\n```math\nx = y\n```\nq\n"
    a, b = [d for d in markdown(text) if isinstance(d, Display)]
    assert text[a.span[0] : a.span[1]] == "$$A = B$$\n\n$$= C$$"
    assert text[b.span[0] : b.span[1]] == "```math\nx = y\n```"


def test_inline_math_is_found_but_never_a_display() -> None:
    items = markdown("Let $a = 1$ cost \\$5 and $$b = 2$$.\n")
    assert [type(i).__name__ for i in items] == ["Inline", "Display"]
    assert items[0] == Inline("a = 1", Where(1, 6), (4, 11))  # the span holds the dollars
    items = latex("where \\(c = 3\\) and $d$ \\[ e = f \\]\n")
    assert [(type(i).__name__, i.latex) for i in items] == [
        ("Inline", "c = 3"),
        ("Inline", "d"),
        ("Display", "e = f"),
    ]


def test_two_statements_on_separate_lines_are_flagged() -> None:
    text = (
        "$$\nz = w x + b\na = \\sigma(z)\n$$\n"
        "$$\nL = \\frac{1}{n}\n\\sum_{i=1}^{n} e_i\n= m\n$$\n"
        "$$\ns(z) = \\begin{cases}\n1, & z \\ge 0 \\\\\n0, & z < 0\n\\end{cases}\n$$\n"
    )
    got = [d.stacked for d in markdown(text) if isinstance(d, Display)]
    assert got == [True, False, False]


def test_a_rows_reason_after_because_is_kept_apart() -> None:
    text = (
        "$$\\begin{aligned} \\frac{dz_i}{dw} &= \\frac{d}{dw}[w x_i + b] \\quad "
        "\\because z_i = w x_i + b \\\\ &= x_i \\quad (\\because \\ln 1 = 0) \\\\ "
        "&= x_i \\quad \\therefore y = 1 \\end{aligned}$$\n"
    )
    (d,) = [d for d in markdown(text) if isinstance(d, Display)]
    assert d.latex == "\\frac{dz_i}{dw} = \\frac{d}{dw}[w x_i + b] = x_i = x_i"
    assert d.because == ("z_i = w x_i + b", "\\ln 1 = 0")  # \therefore states no reason


def test_a_latex_notes_macro_definitions_come_in_document_order() -> None:
    text = (
        "\\newcommand{\\Vx}{\\mathbf{x}}\n"
        "% \\newcommand{\\gone}{y} (a comment)\n"
        "\\[ a = \\Vx \\]\n"
        "\\renewcommand{\\Vx}[1][0]{#1}\n"
    )
    items = latex(text)
    assert [type(i).__name__ for i in items] == ["MacroDefinition", "Display", "MacroDefinition"]
    first, _, last = items
    assert first == MacroDefinition(Macro("Vx", "\\mathbf{x}"), Where(1, 1))
    assert isinstance(last, MacroDefinition) and isinstance(last.macro, CatalogError)
    assert last.where == Where(4, 1)  # cannot be read: said at its line, never skipped silently


def test_a_markdown_math_block_of_definitions_only_defines_macros() -> None:
    text = "$$\\newcommand{\\R}{\\mathbb{R}}$$\n$\\def\\x{y}$\n$$\\def\\z{1} a = \\z$$\n"
    items = markdown(text)
    assert items[:2] == [
        MacroDefinition(Macro("R", "\\mathbb{R}"), Where(1, 3)),
        MacroDefinition(Macro("x", "y"), Where(2, 2)),
    ]
    # a definition beside a formula: a display, which the reader will not read
    assert displays(items[2:]) == [(3, 3, "\\def\\z{1} a = \\z")]


# inputs of bench/fuzz_scan.py that took seconds to minutes (a search from each of thousands of
# unclosed openers, a regular expression that tried every split of a run of spaces): each is
# read as before, now in a fraction of a second
def test_unclosed_openers_open_nothing() -> None:
    text = "$$a = b$$\n" + "<!--" * 3000 + "\\[" * 3000 + "\n$$c = d$$\n"
    assert displays(markdown(text)) == [(1, 3, "a = b"), (3, 3, "c = d")]
    tex = "\\[a = b\\]\n" + "\\begin{equation}" * 3000 + "\\(" * 3000 + "\n"
    assert displays(latex(tex)) == [(1, 3, "a = b")]


def test_a_long_run_of_spaces_is_no_justification() -> None:
    (d,) = markdown("$$x = " + "\\begin{align}" * 3000 + " y \\quad ( \\because y = 1)$$")
    assert isinstance(d, Display) and d.because == ("y = 1",) and d.latex == "x = y"


def test_an_unclosed_opener_inside_math_or_a_comment_is_kept() -> None:
    # the search blanks an opener no closer follows; the text read keeps it
    items = markdown("<!-- derive: given y = x \\[ -->\n$$a = b \\\\[2pt] c$$ and $d \\( e$\n")
    directive, *_, inline = items
    assert isinstance(directive, Directive) and directive.text == "given y = x \\["
    assert isinstance(inline, Inline) and inline.latex == "d \\( e"
    assert displays(items) == [(2, 3, "a = b"), (2, 17, "c")]  # two rows


def test_nested_environments_are_blanked_in_one_pass() -> None:
    row = "a = \\begin{cases} 1 \\\\ 2 \\end{cases} + \\begin{bmatrix} x"
    assert without_nested(row) == "a =   + \\begin{bmatrix} x"  # an unclosed one stays
    many = "x = " + "\\begin{align}" * 3000 + "\\begin{cases}1\\end{cases} y"
    assert without_nested(many) == "x = " + "\\begin{align}" * 3000 + "  y"


def test_a_bare_display_environment_in_markdown_is_a_display() -> None:
    # a notebook's Markdown cell as Jupyter's MathJax renders it: the environment outside `$$`
    text = (
        "Let $u = t^2$ be given.\n"
        "\\begin{equation}\n"
        "\\begin{split}\n"
        "\\frac{d q}{d t} &= 3 t^2 \\\\\n"
        "&= 3t \\cdot t\n"
        "\\end{split}\n"
        "\\end{equation}\n"
        "$$\\begin{align*} p = 1 \\end{align*}$$\n"  # inside `$$`: one display, not two
        "\\begin{alignat}{2} r &= s \\end{alignat}\n"
        "`\\begin{equation}` names an environment it never closes\n"
    )
    items = [d for d in markdown(text) if isinstance(d, Display)]
    assert [(d.where.line, d.latex, d.env, d.rows) for d in items] == [
        (3, "\\frac{d q}{d t} = 3 t^2 = 3t \\cdot t", "equation", 2),
        (8, "p = 1", "$$", 1),
        (9, "r = s", "alignat", 1),
    ]
    # the same lines and rows as a LaTeX source gives them
    assert [(d.where, d.latex) for d in items[:1]] == [
        (d.where, d.latex) for d in latex(text) if isinstance(d, Display)
    ][:1]
