"""Math lines: inline math alone on a Markdown line is read as a display formula
(derive/scan/mathlines.py), on tests/scan/fixtures/mathlines.md and small texts."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from derive.cli import main
from derive.scan.extract import Display, Inline, markdown
from derive.scan.mathlines import MATH_LINE

ROOT = Path(__file__).resolve().parent.parent.parent
NOTE = "tests/scan/fixtures/mathlines.md"
ZW = "\u200b"


def found(text: str) -> list[tuple[str, int, str, tuple[int, ...]]]:
    """(kind, line, latex, math lines) of the displays and inline math of a Markdown text."""
    out = []
    for item in markdown(text):
        if isinstance(item, Display):
            out.append(("display", item.where.line, item.latex, item.math_lines))
        elif isinstance(item, Inline):
            out.append(("inline", item.where.line, item.latex, ()))
    return out


@pytest.mark.parametrize(
    ("line", "math_line"),
    [
        ("$a = b$", True),
        ("   $a = b$   ", True),
        (f"{ZW}     $a = b$", True),  # a zero-width space keeps an editor's indentation
        ("$a = b$.", True),  # sentence punctuation after it
        ("$a = b$，", True),  # full-width too
        (f"$a = b${ZW} ", True),
        ("Then $a = b$", False),  # inside a sentence: prose
        ("$a = b$ holds", False),
        ("- $a = b$", False),  # a list item
        ("## $a = b$", False),  # a heading
        ("$a$ and $b$", False),  # two inline maths: a sentence
        ("$a = b$ $c = d$", False),
        ("\\$5 = $a$", False),
    ],
)
def test_a_math_line_is_inline_math_alone_on_its_line(line: str, math_line: bool) -> None:
    kinds = [k for k, *_ in found(f"Text.\n\n{line}\n\nMore text.\n")]
    assert ("display" in kinds) is math_line
    if math_line:
        assert kinds == ["display"]


def test_double_dollars_stay_displays_of_their_own() -> None:
    [(kind, line, latex, lines)] = found("$$a = b$$\n")
    assert (kind, line, latex, lines) == ("display", 1, "a = b", ())


def test_math_lines_that_start_with_a_relation_continue_the_chain_above() -> None:
    text = f"$J = A$\n\n{ZW}   $= B$\n\n{ZW}   $= C$\n\n$K = D$\n\n$$= E$$\n"
    items = [i for i in markdown(text) if isinstance(i, Display)]
    assert [(d.latex, d.where.line, d.math_lines, d.env) for d in items] == [
        ("J = A = B = C", 1, (1, 3, 5), MATH_LINE),
        ("K = D = E", 7, (7,), MATH_LINE),  # a `$$= E$$` after a math line continues it too
    ]
    assert [(offset, w.line, w.col) for offset, w in items[0].row_at] == [
        (0, 1, 2),
        (6, 3, 6),
        (10, 5, 6),
    ]


def test_prose_between_math_lines_ends_the_chain() -> None:
    text = "$J = A$\n\nso\n\n$= B$\n"
    assert [(k, line) for k, line, *_ in found(text)] == [("display", 1), ("display", 5)]


@pytest.fixture(scope="module")
def scanned() -> tuple[int, str, dict[str, object]]:
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        out, err = io.StringIO(), io.StringIO()
        code = main(["scan", NOTE, "--timeout", "0", "--no-cache"], stdout=out, stderr=err)
        js = io.StringIO()
        main(
            ["scan", NOTE, "--timeout", "0", "--no-cache", "--json", "--explain"],
            stdout=js,
            stderr=io.StringIO(),
        )
    return code, out.getvalue(), json.loads(js.getvalue())


def test_the_slip_of_a_chain_of_math_lines_is_flagged_at_its_line(
    scanned: tuple[int, str, dict[str, object]],
) -> None:
    code, out, _ = scanned
    assert code == 1
    lines = out.splitlines()
    k = next(i for i, x in enumerate(lines) if x.startswith(f"{NOTE}:14:7: "))
    assert lines[k].startswith(f"{NOTE}:14:7: (math line) refuted (numeric, exact, sizes) [sign]")
    assert lines[k + 2] == "    chain: from line 10:2; the failing link is written at line 14"
    assert "    rule: defines E and claims the rest of the chain" in lines[k : k + 12]
    assert (
        "    correction: \\frac{1}{2}(w^T A^T - b^T)(A w - b) = \\frac{1}{2} w^T A^T A w - "
        "b^T A w + \\frac{1}{2} b^T b"
    ) in lines[k : k + 12]


def test_a_late_definition_of_a_variable_differentiated_by_before_it(
    scanned: tuple[int, str, dict[str, object]],
) -> None:
    """w = (A^T A)^{-1} A^T b (line 24) comes after the gradient by w (line 18): the expansion
    before the gradient is about the variable w and is checked; the gradient itself and the
    step of solving after it (line 22) are not."""
    _, out, _ = scanned
    assert f"{NOTE}:18:2: (math line) not checked: uses names the note defines only further " in out
    assert f"{NOTE}:22:2: (math line) not checked: uses names the note defines only further " in out
    assert f"{NOTE}:24:22: (inline math) definition: defines w" in out


def test_values_on_their_own_line_are_conditions_not_definitions(
    scanned: tuple[int, str, dict[str, object]],
) -> None:
    _, out, _ = scanned
    assert f"{NOTE}:36:2: (math line) verified (symbolic, numeric)" in out  # a claim, checked
    assert f"{NOTE}:40:2: (math line) not checked: a math line that sets t to a value" in out
    assert (
        f"{NOTE}:42:2: (math line) not checked: uses names that inline math sets to a value"
    ) in out
    assert f"{NOTE}:52:2: (math line) not checked: a math line that sets the layer index l" in out
    assert "defines t" not in out and "defines l" not in out
    # the same claim inside a sentence (line 34) is prose
    assert f"{NOTE}:34:" not in out


def test_json_and_explain_say_a_formula_was_read_from_math_lines(
    scanned: tuple[int, str, dict[str, object]],
) -> None:
    _, _, doc = scanned
    formulas = doc["formulas"]
    assert isinstance(formulas, list)
    by_line = {f["line"]: f for f in formulas}
    chain = by_line[10]
    assert chain["math_lines"] == [10, 12, 14]
    assert chain["link_line"] == 14
    assert chain["explain"]["found"] == (
        "inline math alone on lines 10, 12, 14 (math lines), read as one display chain"
    )
    assert by_line[30]["math_lines"] == [32]  # a `$$` display continued by a math line
    assert by_line[30]["explain"]["found"].startswith("inline math alone on line(s) 32")
    assert by_line[48]["math_lines"] == [] and by_line[48]["explain"]["found"] is None
    assert by_line[24]["inline"] is True and by_line[24]["math_lines"] == []
    summary = doc["summary"]
    assert isinstance(summary, dict)
    assert (summary["display_formulas"], summary["checked"], summary["refuted"]) == (9, 3, 1)
