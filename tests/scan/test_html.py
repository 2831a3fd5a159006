"""`derive scan --html`: the page parses, every display formula and every correction became
MathML (no browser needed: the standard library's HTML parser and ElementTree), each formula
has its badge, and the prose is kept in document order."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest

from derive.cli import main

ROOT = Path(__file__).resolve().parent.parent.parent


class Page(HTMLParser):
    """Counts what the tests look at; fails on unbalanced tags."""

    VOID = frozenset({"meta", "br", "img", "hr", "link", "input", "mprespace", "none"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.badges: list[str] = []
        self.maths = 0
        self.unconverted = 0
        self._badge = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        cls = dict(attrs).get("class") or ""
        if tag not in self.VOID:
            self.stack.append(tag)
        self.maths += tag == "math"
        self.unconverted += "unconverted" in cls.split()
        self._badge = "badge" in cls.split()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1:]}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self._badge:
            self.badges.append(data)
            self._badge = False


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("html") / "notes.html"
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        code = main(
            [
                "scan",
                *(f"tests/scan/fixtures/{n}" for n in ("logistic.md", "mse.tex", "softplus.ipynb")),
                "--timeout",
                "0",
                "--no-cache",
                "--html",
                str(out),
            ],
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert code == 1  # two accidental mistakes in the fixtures
    return out.read_text(encoding="utf-8")


def test_the_page_parses_and_every_formula_is_mathml(page: str) -> None:
    parser = Page()
    parser.feed(page)
    parser.close()
    assert parser.stack == []
    assert parser.unconverted == 0
    # 23 display formulas, and a correction under each of the 4 refuted ones that have one
    assert len(parser.badges) == 23
    assert parser.maths == 23 + page.count("correction: <span")
    assert page.count("correction: <span") == 4
    for m in re.findall(r"<math .*?</math>", page, re.DOTALL):
        ElementTree.fromstring(m)  # each formula is well-formed MathML


def test_badges_follow_the_notes(page: str) -> None:
    parser = Page()
    parser.feed(page)
    assert parser.badges.count("refuted") == 5
    assert parser.badges.count("not checked") == 2
    assert parser.badges.count("definition") == 6


def test_prose_is_kept_in_order_and_escaped(page: str) -> None:
    first = page.index("The derivative of the sigmoid:")
    assert page.index("so the gradient is") > first
    assert "&lt;!-- derive: expect refuted --&gt;" in page
    assert "Its derivative is the sigmoid:" in page  # a notebook's Markdown cell
    assert "print(" not in page  # its code cell is not shown


def test_inline_math_read_by_scan_gets_its_badge_in_place(tmp_path: Path) -> None:
    out = tmp_path / "slides.html"
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        main(
            [
                "scan",
                "tests/scan/fixtures/bp-slides/slides.md",
                *("--timeout", "0", "--no-cache", "--html", str(out)),
            ],
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    text = out.read_text(encoding="utf-8")
    parser = Page()
    parser.feed(text)
    assert parser.stack == []
    # g_j (a chain, refuted) is read; \beta_j, alone on its line, is a math line (a display); the
    # rest of the inline math is prose
    assert text.count("(inline math)</span>") == 1
    assert text.count("line 29:3 (math line)</span>") == 1
    assert "<math" in text.split("line 29:3 (math line)")[0].rsplit('class="formula', 1)[1]
    assert text.index("令") < text.index("line 47:4 (inline math)")
    assert "$\\beta_j = " not in text and "$(m{x}_k,m{y}_k)$" in text
    # the conversion-damaged display is shown as its LaTeX, marked, never as wrong MathML
    assert parser.unconverted == 1


def test_formulas_with_the_authors_macros_are_mathml_too(tmp_path: Path) -> None:
    out = tmp_path / "macros.html"
    note = ROOT / "tests" / "scan" / "fixtures" / "macros" / "note.md"
    code = main(
        ["scan", str(note), "--timeout", "0", "--no-cache", "--html", str(out)],
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert code == 1  # the missing x at line 15
    p = Page()
    p.feed(out.read_text(encoding="utf-8"))
    # five formulas and one correction, every one converted: \yh, \sq, \cost written out
    assert (p.maths, p.unconverted) == (6, 0)
    assert p.badges == ["definition"] * 3 + ["verified", "refuted"]


def test_formulas_read_from_math_lines_are_mathml_in_place(tmp_path: Path) -> None:
    """Inline math alone on its line is a display formula: on the page it is MathML with its
    badge, where the note writes it, and says it was read from a math line."""
    out = tmp_path / "mathlines.html"
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        main(
            [
                "scan",
                "tests/scan/fixtures/mathlines.md",
                *("--timeout", "0", "--no-cache", "--html", str(out)),
            ],
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    text = out.read_text(encoding="utf-8")
    parser = Page()
    parser.feed(text)
    parser.close()
    assert parser.stack == [] and parser.unconverted == 0
    assert len(parser.badges) == 10  # 9 displays (8 with math lines) and 1 inline definition
    assert parser.maths == 10 + text.count("correction: <span") == 11
    for m in re.findall(r"<math .*?</math>", text, re.DOTALL):
        ElementTree.fromstring(m)
    assert text.count(" (math line)</span>") == 8
    assert "the failing link is written at line 14" in text
    # the formulas are not left in the prose as LaTeX; a formula inside a sentence is
    assert "$E = " not in text and "$t = 0$" not in text
    assert "the slope is $\\frac{\\partial L}{\\partial s} = \\sigma(s) - t$ inside" in text
    assert text.index("Setting it to zero,") < text.index("line 22:2 (math line)")
