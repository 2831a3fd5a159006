"""The passes after classification (derive/scan/passes.py): a claim that uses a name the note
defines only further down is not checked, unless a formula after it, before that definition,
takes a derivative by the name."""

from __future__ import annotations

import io
from pathlib import Path

from derive.cli import main

NOTE = """<!-- derive: A = matrix(p, q); w = vector(q); b = vector(p) -->

$$E = \\frac{1}{2}(A w - b)^T (A w - b)$$

$$E = \\frac{1}{2} w^T A^T A w - b^T A w + \\frac{1}{2} b^T b$$

$$\\frac{\\partial E}{\\partial w} = A^T A w - A^T b$$

$$A^T (A w - b) = 0$$

$$w = (A^T A)^{-1} A^T b$$
"""


def outcomes(tmp_path: Path, text: str) -> dict[int, str]:
    note = tmp_path / "note.md"
    note.write_text(text, encoding="utf-8")
    out = io.StringIO()
    main(["scan", str(note), "--timeout", "0", "--no-cache"], stdout=out, stderr=io.StringIO())
    found = {}
    for line in out.getvalue().splitlines():
        if line.startswith(str(note)):
            where, outcome = line[len(str(note)) + 1 :].split(": ", 1)
            found[int(where.split(":")[0])] = outcome
    return found


def test_a_claim_before_a_derivative_by_a_late_defined_name_is_about_the_variable(
    tmp_path: Path,
) -> None:
    got = outcomes(tmp_path, NOTE)
    assert got[3] == "definition: defines E"
    assert got[5].startswith("verified")  # the expansion, before the gradient by w (line 7)
    # the gradient itself, and the step of solving after it, use w as line 11 defines it
    assert got[7] == "not checked: uses names the note defines only further down: w (line 11)"
    assert got[9] == "not checked: uses names the note defines only further down: w (line 11)"
    assert got[11] == "definition: defines w"


def test_without_a_derivative_by_the_name_a_late_definition_still_blocks(tmp_path: Path) -> None:
    text = NOTE.replace("$$\\frac{\\partial E}{\\partial w} = A^T A w - A^T b$$", "")
    got = outcomes(tmp_path, text)
    assert got[5] == "not checked: uses names the note defines only further down: w (line 11)"
