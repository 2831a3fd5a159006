"""`derive scan --explain`: golden output on a note written for it, every piece of text that is
not read listed (the table below, and a check over every fixture note that no written token goes
unaccounted), the definitions used with where they are written, the markers, the JSON field.

Regenerate the golden file on purpose, and review the diff:

    DERIVE_REGENERATE=1 python -m pytest -n 0 tests/scan/test_explain.py
"""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path

import pytest

from derive.cli import main
from derive.errors import LatexError
from derive.notation.tokens import tokenize
from derive.scan.explain import Explanation, explain
from derive.scan.findings import Formula
from derive.scan.notes import collect
from tests.scan.test_command import FIXTURES, GOLDEN, REGENERATE, ROOT

NOTE = FIXTURES / "explain.md"

# what the reader drops of `given 1`, h = \tanh\left(w x + b\right) (line 11)
SIZING = [("given 1", "\\left", "sizing"), ("given 1", "\\right", "sizing")]
# line of the formula in explain.md -> (stage, text, why) of each piece that must be listed
DROPPED = {
    11: [
        ("display", "\\tag{1}", "label or tag"),
        ("definition", "\\left", "sizing"),
        ("definition", "\\right", "sizing"),
    ],
    16: [
        *SIZING,
        ("display", "\\label{eq:dh}", "label or tag"),
        ("formula", ".", "sentence punctuation"),
        ("claim", "\\quad \\text{by the chain rule}", "annotation"),
    ],
    22: [
        ("display", "\\begin{aligned}", "layout"),
        ("display", "&", "alignment"),
        ("formula", ",", "sentence punctuation"),
    ],
    24: [
        (
            "display",
            "\\quad \\because h = \\tanh(w x + b)",
            "the row's justification (\\because), not the formula",
        ),
        ("display", "\\end{aligned}", "layout"),
        ("display", "\\\\", "layout: the rows are read as one chain"),
        ("display", "& &", "alignment"),
    ],
    33: [
        *SIZING,
        ("formula", "\\Rightarrow", "the prose before the formula"),
        ("formula", ";", "sentence punctuation"),
    ],
    37: [("formula", "tanh", "respelled"), *SIZING],
    41: [("formula", "\\mathrm{sq}", "respelled")],
    45: [("formula", "\\qquad \\text{(the score)}", "annotation")],  # not part of the value
}


def run(*args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        main(["scan", str(NOTE), "--explain", *args, "--timeout", "0", "--no-cache"], out, err)
    return out.getvalue()


@pytest.fixture(scope="module")
def explained() -> dict[int, Explanation]:
    formulas = collect([ROOT / NOTE]).formulas
    out = {f.display.where.line: explain(f) for f in formulas}
    return {line: e for line, e in out.items() if e is not None}


def test_golden_explain_output() -> None:
    out = run()
    golden = GOLDEN / "explain.md.explain.txt"
    if REGENERATE:
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8"), (
        "the --explain output differs from its golden file; if intended, regenerate: "
        "DERIVE_REGENERATE=1 python -m pytest -n 0 tests/scan/test_explain.py"
    )


@pytest.mark.parametrize(
    ("line", "stage", "text", "why"),
    [(line, *piece) for line, pieces in DROPPED.items() for piece in pieces],
    ids=lambda x: str(x)[:24],
)
def test_each_dropped_piece_is_listed(
    explained: dict[int, Explanation], line: int, stage: str, text: str, why: str
) -> None:
    assert (stage, text, why) in [(p.stage, p.text, p.why) for p in explained[line].dropped]


def test_nothing_else_is_listed(explained: dict[int, Explanation]) -> None:
    """Every formula of the note explained, and no piece listed that the table does not know
    (a piece read as something it is not would be a misreading)."""
    assert set(explained) == set(DROPPED)
    for line, e in explained.items():
        assert sorted((p.stage, p.text, p.why) for p in e.dropped) == sorted(DROPPED[line])


def test_a_respelled_name_says_what_it_was_read_as(explained: dict[int, Explanation]) -> None:
    piece = explained[37].dropped[0]
    assert piece.read_as == "\\tanh"
    assert explained[37].read == "g = 1 - \\tanh(w x + b)^2 = 1 - h^2"


def test_a_label_respelled_is_one_piece_with_its_braces(
    explained: dict[int, Explanation],
) -> None:
    """`_\\mathrm{sq}` read as `_{\\text{sq}}`: one respelling, not `\\mathrm` dropped."""
    (piece,) = explained[41].dropped
    assert (piece.text, piece.read_as) == ("\\mathrm{sq}", "{\\text{sq}}")


def test_definitions_used_say_where_they_are_written(explained: dict[int, Explanation]) -> None:
    assert explained[24].definitions == (
        ("E = \\frac{1}{2}(h - t)^2", f"{ROOT / NOTE}:22:1"),
        ("h = \\tanh(w x + b)", "the row's \\because"),  # in place of line 11's
    )
    assert [w for _, w in explained[33].definitions] == [
        f"{ROOT / NOTE}:11:3",
        f"{ROOT / NOTE}:22:1",
    ]


def test_names_settings_and_markers(explained: dict[int, Explanation]) -> None:
    e = explained[33]
    assert e.markers == ("expect refuted (line 31)",)
    assert e.settings == ("x = real (line 7)",)
    assert [n.text() for n in e.names] == [f"{x}: number" for x in "Ebhtwx"]
    assert explained[16].markers == ()


def test_json_has_the_explain_field_only_with_explain() -> None:
    doc = json.loads(run("--json"))
    by_line = {f["line"]: f for f in doc["formulas"]}
    assert by_line[11]["explain"]["dropped"][0] == {
        "stage": "display",
        "text": "\\tag{1}",
        "why": "label or tag",
        "read_as": "",
    }
    assert by_line[33]["explain"]["markers"] == ["expect refuted (line 31)"]
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        main(["scan", str(NOTE), "--json", "--timeout", "0", "--no-cache"], out, io.StringIO())
    assert all("explain" not in f for f in json.loads(out.getvalue())["formulas"])


def test_the_page_shows_the_dropped_text(tmp_path: Path) -> None:
    page = tmp_path / "note.html"
    run("--html", str(page))
    text = page.read_text(encoding="utf-8")
    assert "not read as written: \\tag{1} (label or tag); \\left (sizing)" in text
    assert "\\label{eq:dh} (label or tag); . (sentence punctuation)" in text


def _tokens(latex: str) -> Counter[str]:
    try:
        return Counter(t.text for t in tokenize(latex))
    except LatexError:
        return Counter()


def _unaccounted(f: Formula, e: Explanation) -> Counter[str]:
    """The tokens of the display as written that neither the formula (then the text read) nor
    a piece listed holds: the extractor's and the scan rules' stages, then the reader's."""
    listed = Counter[str]()
    for p in e.dropped:
        listed += _tokens(p.text)
    source = _tokens(f.display.source.replace("$$", " "))
    return (source - _tokens(f.display.latex)) + (_tokens(f.written_out) - _tokens(e.read)) - listed


NOTES = sorted(
    p.relative_to(ROOT / FIXTURES).as_posix()
    for p in (ROOT / FIXTURES).rglob("*")
    if p.suffix in {".md", ".tex", ".ipynb"}
)


@pytest.mark.parametrize("name", NOTES)
def test_every_written_token_is_read_or_listed(name: str) -> None:
    """Over every fixture note: a token of a definition or claim that the text read does not
    hold is listed as dropped or respelled."""
    checked = 0
    for f in collect([ROOT / FIXTURES / name]).formulas:
        e = explain(f)
        if e is None:
            continue
        assert not _unaccounted(f, e), f"{f.where}: {f.display.latex}"
        checked += 1
    assert checked


def test_a_given_comment_inline_math_and_the_formulas_own_definition() -> None:
    """Where a definition used is written, for the other kinds of place: a `derive: given`
    comment and inline math (the BP slides), the formula's own `\\text{Let } u = ...`."""
    slides = ROOT / FIXTURES / "bp-slides" / "slides.md"
    (f,) = [f for f in collect([slides]).formulas if f.display.where.line == 53]
    e = explain(f)
    assert e is not None
    assert [w for _, w in e.definitions] == [
        f"{slides}:8 (a `derive: given` comment)",
        f"{slides}:27 (a `derive: given` comment)",
        f"{slides}:29:3",
        f"{slides}:47:4",  # inline math: `$g_j = ...$`
    ]
    steps = ROOT / FIXTURES / "steps.md"
    (f,) = [f for f in collect([steps]).formulas if f.display.where.line == 19]
    e = explain(f)
    assert e is not None
    assert e.definitions == (("u = 1 - a", "this formula's own definition"),)
    assert e.read.startswith("u = 1 - a; \\frac{\\partial}{\\partial a} \\log(1 - a)")
