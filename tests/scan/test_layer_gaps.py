"""`derive scan` on a note that gives the error of the output layer and then the error of a
hidden layer, with no display defining the error at a general layer
(tests/scan/fixtures/output-error.md; derive/checks/gaps.py): the hidden-layer formula is
undecided, naming the error at the layer nothing defines, never refuted with a value drawn for
it; with the weight's indices swapped it is a shape refutation, as marked."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from derive.cli import main

ROOT = Path(__file__).resolve().parent.parent.parent
NOTE = "tests/scan/fixtures/output-error.md"


@pytest.fixture(scope="module")
def scanned() -> tuple[int, list[str]]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        code = main(["scan", NOTE, "--timeout", "0", "--no-cache"], stdout=out, stderr=err)
    return code, out.getvalue().splitlines()


def test_the_hidden_layer_error_is_undecided_not_refuted(scanned: tuple[int, list[str]]) -> None:
    code, lines = scanned
    assert code == 0, lines
    at = lines.index(f"{NOTE}:30:1: undecided (numeric, sizes)")
    message = lines[at + 3]
    assert "\\delta^{[1]} is given only at layer L (\\delta_j^L = " in message, message
    assert "at layer 1 (l = 1, L = 2) nothing defines or uses it" in message, message
    assert not any(line.lstrip().startswith(("fails:", "at \\delta")) for line in lines)


def test_swapped_weight_indices_are_a_shape_refutation(scanned: tuple[int, list[str]]) -> None:
    _, lines = scanned
    (line,) = [line for line in lines if line.startswith(f"{NOTE}:38:1: ")]
    assert "refuted (sizes) [shape] w^{[2]}_{3,1}: index 1 is 3, outside 1..2" in line, line
    assert line.endswith("-- as marked (expect refuted)")
    assert lines[-1] == (
        "5 display formulas in 1 file(s): 2 checked (0 verified, 1 refuted, 1 undecided), "
        "3 definitions, 0 not checked; all as expected"
    )
