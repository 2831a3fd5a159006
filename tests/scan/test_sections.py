"""The scope of a `derive:` comment's settings: to the end of its section (derive/scan/inforce.py),
the headings that make sections (derive/scan/sections.py), `derive: reset`, and definitions read
under other settings. The fixture tests/scan/fixtures/sections.md (formulas written for the tests)
has a golden output: with the settings held to the end of the note, as before, three of its true
claims were refuted (w and x read as vectors where the note means numbers).

Regenerate the golden on purpose: DERIVE_REGENERATE=1 python -m pytest -n 0 tests/scan/test_sections.py
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from derive.cli import main
from derive.scan import sections
from derive.scan.inforce import InForce
from derive.specs import parse_spec

ROOT = Path(__file__).resolve().parent.parent.parent
NOTE = "tests/scan/fixtures/sections.md"
GOLDEN = ROOT / "tests" / "scan" / "golden" / "sections.md.txt"


def scan(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["scan", *args, "--timeout", "0", "--no-cache"], stdout=out, stderr=err)
    return code, out.getvalue() + err.getvalue()


@pytest.fixture(scope="module")
def fixture_json() -> dict[int, dict[str, object]]:
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        code, out = scan(NOTE, "--json")
    assert code == 0
    return {int(str(f["line"])): f for f in json.loads(out)["formulas"]}


def test_golden_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out = scan(NOTE)
    if os.environ.get("DERIVE_REGENERATE") == "1":
        GOLDEN.write_text(out, encoding="utf-8")
    assert out == GOLDEN.read_text(encoding="utf-8")
    assert code == 0


# line -> (outcome, the comments' settings it was read with)
SCOPED = {
    12: (
        "definition",
        ["sigma = sigmoid (line 3)", "w = vector(n) (line 10)", "x = vector(n) (line 10)"],
    ),
    14: (
        "verified",
        ["sigma = sigmoid (line 3)", "w = vector(n) (line 10)", "x = vector(n) (line 10)"],
    ),
    # a deeper section keeps the settings of the one around it
    20: (
        "verified",
        ["sigma = sigmoid (line 3)", "w = vector(n) (line 10)", "x = vector(n) (line 10)"],
    ),
    # the next `##` ends them; the comment before the first heading holds for the whole note
    26: ("definition", ["sigma = sigmoid (line 3)"]),
    28: ("verified", ["sigma = sigmoid (line 3)"]),
    30: ("verified", ["sigma = sigmoid (line 3)"]),
    34: ("not checked", ["sigma = sigmoid (line 3)"]),
    40: ("definition", ["sigma = sigmoid (line 3)", "x = vector(m) (line 38)"]),
    42: ("verified", ["sigma = sigmoid (line 3)", "x = vector(m) (line 38)"]),
    # after `derive: reset`
    48: ("verified", ["sigma = sigmoid (line 3)"]),
}


@pytest.mark.parametrize("line", sorted(SCOPED))
def test_each_formula_is_read_with_the_settings_of_its_section(
    fixture_json: dict[int, dict[str, object]], line: int
) -> None:
    f = fixture_json[line]
    assert (f["outcome"], f["settings"]) == SCOPED[line]


def test_a_definition_read_under_other_settings_is_not_re_read(
    fixture_json: dict[int, dict[str, object]],
) -> None:
    reason = str(fixture_json[34]["reason"])
    assert reason.startswith(
        "uses s (line 12), written where w = vector(n) (line 10); here w is not declared"
    )


# (Markdown text, [(level, line) of each heading])
MARKDOWN = [
    ("# A\ntext\n## B\n### C\n#### D\n", [(1, 1), (2, 3), (3, 4), (4, 5)]),
    ("   ## indented three\n    ## four: code\n", [(2, 1)]),
    ("#hashtag\n#\n", [(1, 2)]),  # CommonMark: a space or the end of the line after the #s
    ("Title\n=====\n\nSub\n---\n", [(1, 1), (2, 4)]),
    ("\n---\n\ntext\n\n---\n", []),  # rules after a blank line, not underlines
    ("- item\n---\n", []),  # a list item is no paragraph line
    ("---\ntitle: x\n---\n# Real\n", [(1, 4)]),  # front matter
    ("+++\ntitle = 'x'\n+++\ntext\n---\n", [(2, 4)]),
    ("```\n# code\n```\n# after\n", [(1, 4)]),
    ("~~~~python\n# code\n~~~\n# still code\n~~~~\n## out\n", [(2, 6)]),
    ("$$\na = b\n# not\n$$\n# yes\n", [(1, 5)]),
    ("\\[\n# not\n\\]\n# yes\n", [(1, 4)]),
    ("<!--\n# commented\n-->\n# yes\n", [(1, 4)]),
    ("text $$x = 1$$ more\n# yes\n", [(1, 2)]),
    ("$$a = b$$\n---\n", []),  # a display line is no paragraph line
]


@pytest.mark.parametrize(("text", "want"), MARKDOWN)
def test_markdown_headings(text: str, want: list[tuple[int, int]]) -> None:
    assert [(h.level, h.where.line) for h in sections.markdown(text)] == want


LATEX = [
    ("\\section{A}\n\\subsection*{B}\n\\paragraph{C}\n", [(3, 1), (4, 2), (6, 3)]),
    ("\\chapter[short]{Long}\n% \\section{commented}\n\\part{P}\n", [(2, 1), (1, 3)]),
    ("text \\section {A}\n\\sectionmark{x}\n", [(3, 1)]),
    ("100\\% \\subsubsection{A}\n", [(5, 1)]),
]


@pytest.mark.parametrize(("text", "want"), LATEX)
def test_latex_headings(text: str, want: list[tuple[int, int]]) -> None:
    assert [(h.level, h.where.line) for h in sections.latex(text)] == want


def test_an_inner_setting_ends_with_its_section_and_the_outer_one_returns() -> None:
    vec, num = parse_spec("w", "vector(n)"), parse_spec("w", "positive")
    inforce = InForce({})
    inforce.heading(2)
    inforce.declare("w = vector(n)", {"w": vec}, 5, "n.md")
    inforce.heading(3)
    inforce.declare("w = positive", {"w": num}, 9, "n.md")
    assert inforce.snapshot().specs["w"] == num
    inforce.heading(3)  # a sibling section: the outer setting again
    assert inforce.snapshot().specs["w"] == vec
    inforce.reset()  # ends nothing of the enclosing section
    assert inforce.snapshot().specs["w"] == vec
    inforce.heading(1)
    assert "w" not in inforce.snapshot().specs


def test_a_latex_section_ends_a_comment_of_the_one_before(tmp_path: Path) -> None:
    note = tmp_path / "two.tex"
    note.write_text(
        "\\documentclass{article}\n\\begin{document}\n"
        "\\section{Vectors}\n% derive: u = vector(k)\n"
        "\\begin{equation} \\frac{\\partial}{\\partial u} u^T u = 2 u \\end{equation}\n"
        "\\section{Numbers}\n"
        "\\begin{equation} \\frac{d}{du} (u^2 + 3u) = 2u + 3 \\end{equation}\n"
        "\\end{document}\n",
        encoding="utf-8",
    )
    code, out = scan(str(note), "--json")
    found = {f["line"]: f for f in json.loads(out)["formulas"]}
    assert code == 0
    assert (found[5]["outcome"], found[5]["settings"]) == ("verified", ["u = vector(k) (line 4)"])
    assert (found[7]["outcome"], found[7]["settings"]) == ("verified", [])


def test_a_heading_in_a_later_notebook_cell_ends_the_settings(tmp_path: Path) -> None:
    cells = [
        {"cell_type": "markdown", "source": ["## Vectors\n", "<!-- derive: u = vector(k) -->\n"]},
        {"cell_type": "markdown", "source": "$$\\frac{\\partial}{\\partial u} u^T u = 2 u$$\n"},
        {"cell_type": "code", "source": "print(1)"},
        {"cell_type": "markdown", "source": "## Numbers\n$$\\frac{d}{du} u^4 = 4 u^3$$\n"},
    ]
    note = tmp_path / "nb.ipynb"
    note.write_text(json.dumps({"cells": cells, "nbformat": 4}), encoding="utf-8")
    code, out = scan(str(note), "--json")
    found = [(f["cell"], f["outcome"], f["settings"]) for f in json.loads(out)["formulas"]]
    assert code == 0
    assert found == [
        (2, "verified", ["u = vector(k) (cell 1, line 2)"]),
        (4, "verified", []),
    ]


def test_reset_with_more_words_is_a_problem(tmp_path: Path) -> None:
    note = tmp_path / "r.md"
    note.write_text("<!-- derive: reset w -->\n$$\\frac{d}{dw} w^2 = 2 w$$\n", encoding="utf-8")
    code, out = scan(str(note))
    assert code == 2
    assert "derive comment 'reset w'" in out


def test_a_domain_given_after_a_definition_is_no_other_reading(tmp_path: Path) -> None:
    note = tmp_path / "d.md"
    note.write_text(
        "$$q = \\ln(v) + v$$\n\n<!-- derive: v = positive -->\n\n"
        "$$\\frac{dq}{dv} = \\frac{1}{v} + 1$$\n",
        encoding="utf-8",
    )
    code, out = scan(str(note), "--json")
    claim = json.loads(out)["formulas"][1]
    assert code == 0
    assert (claim["outcome"], claim["settings"]) == ("verified", ["v = positive (line 3)"])


# e is a name where `e = real` is in force and Euler's number where it is not: a definition of
# the first section means ln(e) x with e a variable, and read again in the second it would be x
# (dg/dx = 1 verified: a false verdict). The function form `h(x) = ...` is the same definition,
# written `h = ...` by the intermediate-variable rule before the claim reads it.
E_NOTE = """# One

<!-- derive: e = real -->

$$g = \\ln(e) x$$

$$h(x) = \\ln(e) x$$

# Two

$$\\frac{dg}{dx} = 1$$

$$\\frac{dh}{dx} = 1$$
"""


@pytest.mark.parametrize(("line", "name", "where"), [(11, "g", 5), (13, "h", 7)])
def test_a_constant_declared_a_name_in_one_section_is_another_reading(
    tmp_path: Path, line: int, name: str, where: int
) -> None:
    note = tmp_path / "e.md"
    note.write_text(E_NOTE, encoding="utf-8")
    code, out = scan(str(note), "--json")
    formula = {int(f["line"]): f for f in json.loads(out)["formulas"]}[line]
    assert code == 0
    assert formula["outcome"] == "not checked"
    assert str(formula["reason"]).startswith(
        f"uses {name} (line {where}), written where e = real (line 3); here e is not declared"
    )


# `u^T` (u a number) cannot be read: the claim was passed every definition in scope, and `t = w
# x` of the first section, which it does not use, was named as the reason it is not checked
T_NOTE = """<!-- derive: w = real -->

$$t = w x$$

# Vectors

<!-- derive: w = vector(n); x = vector(n) -->

$$u = w^T x$$

$$CLAIM$$
"""


@pytest.mark.parametrize(
    ("claim", "reason"),
    [
        ("u^T = x^T w", "the engine cannot check it: a transpose of u, which is not declared"),
        ("u^T + t = x^T w + t", "uses t (line 3), written where w = real (line 1); here w ="),
    ],
)
def test_a_claim_not_read_is_stale_only_by_the_definitions_it_names(
    tmp_path: Path, claim: str, reason: str
) -> None:
    note = tmp_path / "t.md"
    note.write_text(T_NOTE.replace("CLAIM", claim), encoding="utf-8")
    code, out = scan(str(note), "--json")
    formula = {int(f["line"]): f for f in json.loads(out)["formulas"]}[11]
    assert code == 0
    assert formula["outcome"] == "not checked"
    assert str(formula["reason"]).startswith(reason), formula["reason"]


PIECES = ["# ", "## ", "###", "\n", "---", "===", "```", "~~~", "$$", "\\[", "\\]", "<!--", "-->"]
PIECES += ["text", " ", "\\section{a}", "\\subsection*{b}", "%", "\\%", "+++", "- "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_headings_of_any_text_are_on_its_lines(pieces: list[str]) -> None:
    text = "".join(pieces)
    count = text.count("\n") + 1
    for found in (sections.markdown(text), sections.latex(text)):
        assert all(1 <= h.where.line <= count and 1 <= h.level <= 7 for h in found)
        assert [h.where.line for h in found] == sorted(h.where.line for h in found)


def test_the_page_shows_the_settings_of_a_refuted_claim(tmp_path: Path) -> None:
    note = tmp_path / "h.md"
    note.write_text(
        "## Part\n\n<!-- derive: q = positive -->\n\n$$\\frac{d}{dq} q^3 = 3 q$$\n",
        encoding="utf-8",
    )
    page = tmp_path / "h.html"
    code, _ = scan(str(note), "--html", str(page))
    assert code == 1
    assert "settings: q = positive (line 3)" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("project", "table", "source"),
    [
        ("derive.toml", "[symbols]", "derive.toml"),
        ("pyproject.toml", "[tool.derive.symbols]", "pyproject.toml [tool.derive]"),
    ],
)
def test_the_project_file_settings_are_shown_with_the_comments(
    tmp_path: Path, project: str, table: str, source: str
) -> None:
    """A verdict shows every setting it was read with: the project file's, marked as from it,
    then the comments'; a comment that overrides a project entry in its section shows instead
    of it there (text, JSON and the page)."""
    (tmp_path / project).write_text(f'{table}\nq = "positive"\nr = "real"\n', encoding="utf-8")
    note = tmp_path / "h.md"
    note.write_text(
        "$$\\frac{d}{dq} q^3 = 3 q$$\n\n## Part\n\n<!-- derive: q = real -->\n\n"
        "$$\\frac{d}{dq} q^3 = 3 q$$\n",
        encoding="utf-8",
    )
    page = tmp_path / "h.html"
    code, out = scan(str(note), "--html", str(page))
    assert code == 1
    first = f"    settings: q = positive ({source}); r = real ({source})"
    assert out.count(first) == 1, out
    assert f"    settings: r = real ({source}); q = real (line 5)" in out
    assert f"settings: q = positive ({source}); r = real ({source})" in page.read_text("utf-8")
    code, out = scan(str(note), "--json")
    by_line = {f["line"]: f["settings"] for f in json.loads(out)["formulas"]}
    assert by_line == {
        1: [f"q = positive ({source})", f"r = real ({source})"],
        7: [f"r = real ({source})", "q = real (line 5)"],
    }
