"""Inline math that states a name twice: the second statement is a second value, never a
definition that collapses the note's formulas (derive/scan/document.py; docs/scan.md, inline
math). Found on Hjorth-Jensen's week 39 notes, where the targets and the fitted values are both
a bold y: here on a note written for the test."""

from __future__ import annotations

import io
from pathlib import Path

from derive.cli import main

NOTE = (
    "<!-- derive: u = vector(3); A = matrix(3, 2); v = vector(2) -->\n"
    "Let $\\mathbf{u} = (u_1,\\cdots,u_3)^T$ be the measured values, and write "
    "$\\mathbf{u} = A v$ for the fitted ones.\n\n"
    "$$E = \\|A v - \\mathbf{u}\\|^2$$\n\n"
    "$$\\nabla_v E = 4 A^T (A v - \\mathbf{u})$$\n"  # false: the factor is 2
)


def scan(path: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["scan", str(path), "--timeout", "0", "--no-cache"], stdout=out, stderr=err)
    return code, out.getvalue()


def test_a_second_inline_value_of_a_name_is_no_definition(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(NOTE, encoding="utf-8")
    code, out = scan(path)
    # read as a definition, u = A v would make both sides 0 and the false gradient verified
    assert "verified" not in out.split("display formulas")[0]
    assert ":6:3: not checked: uses names that inline math sets to a value" in out
    assert "u (line 2)" in out
    assert "(inline math) definition" not in out
    assert code == 0


def test_a_single_inline_definition_still_defines(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(
        NOTE.replace("Let $\\mathbf{u} = (u_1,\\cdots,u_3)^T$ be the measured values, and", "We"),
        encoding="utf-8",
    )
    _, out = scan(path)
    assert ":2:" in out and "(inline math) definition: defines u" in out


CASE = (
    "<!-- derive: a = unit -->\n"
    "$$L = -(y \\log a + (1-y)\\log(1-a))$$\n"
    "\n"
    "For $y = 0$ alone, the loss is\n"
    "\n"
    "$$\\frac{\\partial L}{\\partial a} = \\frac{1}{1-a}$$\n"
    "\n"
    "Back to any label:\n"
    "<!-- derive: general y -->\n"
    "\n"
    "$$\\frac{\\partial L}{\\partial a} = \\frac{a - y}{a (1-a)}$$\n"
)


def test_a_general_comment_ends_the_condition_of_inline_math(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(CASE, encoding="utf-8")
    code, out = scan(path)
    assert ":6:3: not checked: uses names that inline math sets to a value" in out, out
    assert ":11:3: verified" in out, out
    assert code == 0
    # without the comment, the condition holds to the end of the note
    path.write_text(CASE.replace("<!-- derive: general y -->\n", ""), encoding="utf-8")
    _, out = scan(path)
    assert ":10:3: not checked: uses names that inline math sets to a value" in out, out


def test_a_general_comment_with_no_condition_in_force_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(CASE.replace("general y", "general a"), encoding="utf-8")
    code, out = scan(path)
    assert "derive comment 'general a': no inline math above sets a to a value" in out, out
    assert ":11:3: not checked: uses names that inline math sets to a value" in out, out
    assert code != 0


def test_a_general_comment_gives_back_the_definition_the_condition_set_aside(
    tmp_path: Path,
) -> None:
    """`a = \\sigma(z)`, then "for $a = 0.9$", then `general a`: a is \\sigma(z) again, not a free
    name (read free, the true `1 - a + z = \\sigma(-z) + z` was refuted)."""
    path = tmp_path / "note.md"
    path.write_text(
        "<!-- derive: sigma = sigmoid -->\n"
        "$$a = \\sigma(z)$$\n\n"
        "For $a = 0.9$ alone, the output is confident.\n\n"
        "$$1 - a + z = 0.1 + z$$\n\n"
        "<!-- derive: general a -->\n\n"
        "$$1 - a + z = \\sigma(-z) + z$$\n",
        encoding="utf-8",
    )
    code, out = scan(path)
    assert ":6:3: not checked: uses names that inline math sets to a value" in out, out
    assert ":10:3: verified" in out, out
    assert code == 0
