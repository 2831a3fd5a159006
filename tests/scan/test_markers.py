"""The backslash repair (`derive: restore backslashes`, `[scan] restore-backslashes`) and the
`derive: equals above` / `derive: equals EXPRESSION` markers, end to end on small notes written
here (derive/scan/equals.py, derive/scan/surface.py; docs/scan.md#notation-settings-and-markers).
The golden output of tests/scan/fixtures/merged/note.md (all of them at work) is in
test_command.py."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from derive.cli import main

HALF = "$$rac{1}{2} x^2 = 0.5 x^2$$\n"  # `\frac` with its `\f` eaten, and a true claim


def scan(path: Path, *args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["scan", str(path), "--timeout", "0", "--no-cache", *args], stdout=out, stderr=err)
    return code, out.getvalue()


def note(tmp_path: Path, text: str, name: str = "note.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_repair_is_off_by_default(tmp_path: Path) -> None:
    code, out = scan(note(tmp_path, HALF))
    assert code == 0
    assert ":1:3: not checked: a backslash lost in conversion: `rac` is `\\frac`" in out
    assert "(`derive: restore backslashes` gives it back)" in out
    assert "read as restored" not in out


def test_a_comment_turns_the_repair_on_and_every_outcome_says_so(tmp_path: Path) -> None:
    text = f"$$rac{{1}}{{2}} = 0.5$$\n\n<!-- derive: restore backslashes -->\n{HALF}\n$$z = rac{{1}}{{3}}$$\n"
    code, out = scan(note(tmp_path, text))
    lines = out.splitlines()
    assert code == 0
    assert lines[0].endswith(
        ":1:3: not checked: a backslash lost in conversion: `rac` is "
        "`\\frac` without its backslash (read as written it would be a "
        "product of letters) (`derive: restore backslashes` gives it back)"
    )
    assert lines[1].endswith(":4:3: verified (symbolic, numeric)")  # before the comment: as is
    assert lines[2] == "    read as restored: `rac` as `\\frac`"
    assert lines[3].endswith(":6:3: definition: defines z")
    assert lines[4] == "    read as restored: `rac` as `\\frac`"


def test_the_project_file_turns_the_repair_on(tmp_path: Path) -> None:
    (tmp_path / "derive.toml").write_text("[scan]\nrestore-backslashes = true\n", encoding="utf-8")
    code, out = scan(note(tmp_path, HALF))
    assert code == 0
    assert ":1:3: verified (symbolic, numeric)\n    read as restored: `rac` as `\\frac`\n" in out


def test_an_unknown_key_of_the_scan_table_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "derive.toml").write_text("[scan]\nrestore = true\n", encoding="utf-8")
    code, out = scan(note(tmp_path, HALF))
    assert code == 2
    assert "[scan]: unknown key 'restore' (known: restore-backslashes)" in out


def test_remnants_of_t_and_n_are_not_restored(tmp_path: Path) -> None:
    # `\text` -> `ext`, `\nabla` -> `abla`: their commands' short siblings (\tau -> au, \nu -> u)
    # leave no sign, so a formula with such a remnant stays unchecked even with the repair on
    text = "<!-- derive: restore backslashes -->\n$$ext{loss} = rac{1}{2} x^2$$\n"
    code, out = scan(note(tmp_path, text))
    assert code == 0
    assert ":2:3: not checked: a backslash lost in conversion: `ext` is `\\text`" in out
    assert "gives it back" not in out  # `ext` is not one the repair restores
    assert "    read as restored: `rac` as `\\frac`" in out  # what was restored is still said


def test_equals_above_makes_an_expression_a_claim_about_the_display_above(tmp_path: Path) -> None:
    text = (
        "$$\\frac{1}{2} x^2$$\n\n<!-- derive: equals above -->\n$$0.5 x x$$\n\n"
        "<!-- derive: equals above -->\n$$x^2$$\n"
    )
    code, out = scan(note(tmp_path, text), "--verbose")
    assert code == 1
    assert ":1:3: not checked: no relation: an expression, not a statement" in out
    assert ":4:3: verified (symbolic, numeric)" in out
    assert (
        "    rule: a claim: equals the expression of the display at line 1, by "
        "`derive: equals above`" in out
    )
    # the display above line 7 is line 4, the marked expression (not line 1)
    assert ":7:3: refuted (numeric, exact)" in out
    assert "rule: a claim: equals the expression of the display at line 4, by" in out
    assert "    fails: 0.5 x x = x^2" in out


def test_equals_above_takes_the_last_side_of_a_definition_or_chain(tmp_path: Path) -> None:
    text = (
        "$$s = \\frac{1}{2} x^2 = 0.5 x^2$$\n\n<!-- derive: equals above -->\n$$x^2 - 0.5 x^2$$\n"
    )
    code, out = scan(note(tmp_path, text), "--verbose")
    assert code == 0
    assert ":4:3: verified (symbolic, numeric)" in out
    assert "rule: a claim: equals the last side of the display at line 1" in out
    assert "    formula: x^2 - 0.5 x^2" in out


def test_equals_above_with_nothing_above_is_a_problem_with_its_line(tmp_path: Path) -> None:
    text = "Some prose.\n<!-- derive: equals above -->\n$$x^2$$\n"
    code, out = scan(note(tmp_path, text))
    assert code == 2
    path = tmp_path / "note.md"
    assert (
        f"{path}::line 2: derive comment 'equals above': no display formula above it in this "
        "text (file or notebook cell): error"
    ) in out
    assert ":3:3: not checked: marked `equals above`, but no display formula above it" in out


def test_equals_above_before_a_statement_is_a_problem(tmp_path: Path) -> None:
    text = "$$x^2$$\n<!-- derive: equals above -->\n$$\\frac{d}{dx} x^2 = 2 x$$\n"
    code, out = scan(note(tmp_path, text))
    assert code == 2
    assert (
        "::line 2: derive comment 'equals above' before the display at line 3, which states a "
        "relation itself (it is no expression): the marker is not used: error"
    ) in out
    assert ":3:3: verified (symbolic, numeric)" in out  # read as the note writes it


def test_equals_above_a_bound_or_an_unread_display_is_not_checked(tmp_path: Path) -> None:
    text = (
        "$$x^2 \\ge 0$$\n<!-- derive: equals above -->\n$$x x$$\n\n"
        "$$rac{1}{2} x^2$$\n<!-- derive: equals above -->\n$$0.5 x^2$$\n"
    )
    code, out = scan(note(tmp_path, text))
    assert code == 0
    assert (
        ":3:3: not checked: marked `equals above`, but the display at line 1 ends with \\ge, "
        "not with `=`: it says what its last side bounds"
    ) in out
    # the display above lost its backslash and the repair is off: nothing to equal, no guess
    assert (
        ":7:3: not checked: marked `equals above`, but the display at line 5 is not read (a " in out
    )


def test_equals_above_does_not_look_into_another_cell(tmp_path: Path) -> None:
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": "$$\\frac{1}{2} x^2$$\n"},
        {
            "cell_type": "markdown",
            "metadata": {},
            "source": "<!-- derive: equals above -->\n$$0.5 x^2$$\n",
        },
    ]
    nb = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    code, out = scan(note(tmp_path, json.dumps(nb), "nb.ipynb"))
    assert code == 2
    assert "no display formula above it in this text (file or notebook cell)" in out
    assert "nb.ipynb#cell-2:2:3: not checked: marked `equals above`" in out


def test_equals_an_expression_written_in_the_comment(tmp_path: Path) -> None:
    text = "<!-- derive: equals \\sum_{i=1}^{3} x_i -->\n$$x_1 + x_2 + x_3$$\n"
    code, out = scan(note(tmp_path, text), "--verbose")
    assert code == 0
    assert ":2:3: verified (symbolic, numeric)" in out
    assert "rule: a claim: equals \\sum_{i=1}^{3} x_i, by `derive: equals`" in out


def test_equals_a_relation_written_in_the_comment_is_a_problem(tmp_path: Path) -> None:
    text = "<!-- derive: equals y = x_1 -->\n$$x_1$$\n"
    code, out = scan(note(tmp_path, text))
    assert code == 2
    assert "::line 1: derive comment 'equals y = x_1': its expression states a relation (=)" in out
    assert ":2:3: not checked: marked `equals y = x_1`, but its expression states a relation" in out


@pytest.mark.parametrize(
    ("first", "second"),
    [("equals 3 b", "equals 4 b"), ("equals above", "equals 3 b"), ("equals 3 b", "equals above")],
)
def test_two_equals_markers_before_one_display_are_a_problem(
    tmp_path: Path, first: str, second: str
) -> None:
    # the later one silently won: `equals 3 b` then `equals 4 b` checked 4 b = b + b + b
    text = f"$$v = 3 b$$\n\n<!-- derive: {first} -->\n<!-- derive: {second} -->\n$$b + b + b$$\n"
    code, out = scan(note(tmp_path, text))
    assert code == 2
    said = f"it follows '{first}' before the same display: one `equals` marker per display"
    assert f"::line 4: derive comment '{second}': {said}" in out
    assert f":5:3: not checked: marked `{second}`, but {said}" in out


def test_two_expected_kinds_before_one_display_are_a_problem(tmp_path: Path) -> None:
    # the later kind silently replaced the earlier one
    text = (
        "<!-- derive: expect refuted sign -->\n<!-- derive: expect refuted transpose -->\n"
        "$$\\frac{d}{dx} x^2 = -2 x$$\n"
    )
    code, out = scan(note(tmp_path, text))
    assert code == 2
    assert (
        "::line 2: derive comment 'expect refuted transpose': it follows 'expect refuted sign' "
        "before the same display: one expected kind per display"
    ) in out


def test_the_same_equals_marker_twice_is_one(tmp_path: Path) -> None:
    text = "<!-- derive: equals 3 b -->\n<!-- derive: equals 3 b -->\n$$b + b + b$$\n"
    code, out = scan(note(tmp_path, text))
    assert code == 0
    assert ":3:3: verified (symbolic, numeric)" in out


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("rac{1}{2}", "its expression is damaged: a backslash lost in conversion: `rac`"),
        ("2 \beta", "its expression holds a control character U+0008"),
    ],
)
def test_equals_an_expression_damaged_in_conversion_is_a_problem(
    tmp_path: Path, written: str, why: str
) -> None:
    # found by fuzzing: `equals rac{1}{2}` was read as the product r a c / 2 and 0.5 refuted
    code, out = scan(note(tmp_path, f"<!-- derive: equals {written} -->\n$$0.5$$\n"))
    assert code == 2, out
    assert why in out
    assert ":2:3: not checked: marked `equals " in out and "0 refuted" in out


def test_a_damaged_comment_is_not_sent_to_the_repair(tmp_path: Path) -> None:
    """The repair gives back a converted display's backslashes, never a comment's: the problem
    says to write the comment with its backslashes, even with the repair on."""
    text = "<!-- derive: restore backslashes -->\n<!-- derive: equals rac{1}{2} -->\n$$0.5$$\n"
    code, out = scan(note(tmp_path, text))
    assert code == 2
    assert "a comment is never restored: write it with its backslashes" in out
    assert "gives it back" not in out


def test_equals_above_a_display_of_another_section_is_not_checked(tmp_path: Path) -> None:
    # found while fuzzing: e declared a name in section A, `\ln(e) x` re-read in section B with
    # e Euler's number made `\ln(e) x = x` a false verified
    text = (
        "# A\n<!-- derive: e = real -->\n$$\\ln(e) x$$\n# B\n<!-- derive: equals above -->\n$$x$$\n"
    )
    code, out = scan(note(tmp_path, text))
    assert code == 0, out
    assert (
        ":6:3: not checked: marked `equals above`, but the display at line 3 was read under " in out
    )
    assert "other settings (of e)" in out and "0 verified" in out
    same = "# A\n<!-- derive: e = real -->\n$$\\ln(e) x$$\n<!-- derive: equals above -->\n$$x$$\n"
    code, out = scan(note(tmp_path, same))
    assert ":5:3: refuted" in out, out  # in its own section, e is the name: ln(e) x is not x


@pytest.mark.parametrize(
    ("between", "above", "marked", "outcome"),
    [
        pytest.param("w = vector(n)", "a + b", "b + a", "verified", id="a-name-it-does-not-use"),
        pytest.param("b = positive", "a + b", "b + a", "(of b)", id="the-domain-of-a-name-it-uses"),
        pytest.param("a = vector(n)", "0 \\cdot a", "0", "verified", id="read-the-same-without-it"),
        pytest.param("ab = real", "ab", "ba", "(of ab)", id="a-name-made-of-its-letters"),
        pytest.param("e = real; n = real", "\\ln(e) x", "x", "(of e)", id="a-constant-made-a-name"),
    ],
)
def test_equals_above_after_a_setting_is_refused_only_for_names_it_uses(
    tmp_path: Path, between: str, above: str, marked: str, outcome: str
) -> None:
    """A setting between the two displays refuses the display above only when it could change
    what the display above says (read here, in the claim): a name its reading uses under
    either settings, or any setting when the two readings differ."""
    text = f"$${above}$$\n<!-- derive: {between} -->\n<!-- derive: equals above -->\n$${marked}$$\n"
    code, out = scan(note(tmp_path, text))
    assert code == 0, out
    if outcome == "verified":
        assert ":4:3: verified" in out, out
    else:
        assert ":4:3: not checked: marked `equals above`, but the display at line 1 was " in out
        assert f"read under other settings {outcome}:" in out, out


def test_markers_combine_and_json_html_say_what_was_restored(tmp_path: Path) -> None:
    text = (
        "$$\\frac{|a|}{\\|v\\|}$$\n\n<!-- derive: restore backslashes -->\n"
        "<!-- derive: expect refuted -->\n<!-- derive: equals above -->\n"
        "$$rac{|a|}{\\left\\|v\n\\right\\| + 1}$$\n"
    )
    path = note(tmp_path, text)
    code, out = scan(path, "--json", "--html", str(tmp_path / "page.html"))
    assert code == 0  # refuted, as marked
    (claim,) = [f for f in json.loads(out)["formulas"] if f["line"] == 6]
    assert claim["outcome"] == "refuted" and claim["as_expected"] is True
    assert claim["restored"] == ["`rac` as `\\frac`"]
    assert claim["rule"].startswith("a claim: equals the expression of the display at line 1")
    page = (tmp_path / "page.html").read_text(encoding="utf-8")
    assert "read as restored: `rac` as `\\frac`" in page
    assert "<mfrac>" in page.split("read as restored")[0].rsplit('class="formula', 1)[1]


@pytest.mark.parametrize("marker", ["expect refuted", "skip", "redefines", "equals above"])
def test_a_marker_before_a_heading_is_a_problem_and_marks_nothing_after_it(
    tmp_path: Path, marker: str
) -> None:
    """A marker acts on the next display formula of its section: with a heading between, it
    would mark a formula of another section (`expect refuted` would hide a true refutation
    there), so it is a problem of the note, with its line, and the formula after the heading is
    read unmarked."""
    text = f"$$y = 3x$$\n\n<!-- derive: {marker} -->\n\n## Next\n\n$$\\frac{{dy}}{{dx}} = 2$$\n"
    code, out = scan(note(tmp_path, text), "--json")
    doc = json.loads(out)
    (problem,) = [c for c in doc["problems"] if "marks the next display" in c["message"]]
    assert problem["id"] == "line 3"
    assert problem["message"].startswith(
        f"derive comment '{marker}' marks the next display formula, but the heading at line 5 "
        "comes first"
    )
    claim = next(f for f in doc["formulas"] if f["line"] == 7)
    assert (claim["outcome"], claim["as_expected"]) == ("refuted", False)
    assert code == 2
