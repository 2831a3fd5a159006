"""Spellings read as the author means them (derive/scan/surface.py): a LaTeX function name or an
activation written without its backslash, as in code. Each case is a formula written for the
tests, with what the rule made of it, then what it classifies as."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from derive.cli import main
from derive.scan.classify import classify
from derive.scan.scope import Role
from derive.scan.surface import spelled

# (as written, as read)
SPELLED = [
    ("q = tanh(u) + 1", "q = \\tanh(u) + 1"),
    ("q = max(0, u) - min(u, 1)", "q = \\max(0, u) - \\min(u, 1)"),
    ("q = sin(u)^2 + cos (u)^2", "q = \\sin(u)^2 + \\cos (u)^2"),
    ("q = arctan\\left(u\\right)", "q = \\arctan\\left(u\\right)"),
    (
        "q = 3 sigmoid(u) + relu(u - 1)",
        "q = 3 \\operatorname{sigmoid}(u) + \\operatorname{relu}(u - 1)",
    ),
    ("q = ReLU(u)", "q = \\operatorname{ReLU}(u)"),
    # not a function: inside a longer word, inside \text, already a command, no bracket after
    ("q = cost(u) + argmax(u)", "q = cost(u) + argmax(u)"),
    ("q = \\text{tanh(u)} + u", "q = \\text{tanh(u)} + u"),
    ("q = \\tanh(u) + \\max(u, 0)", "q = \\tanh(u) + \\max(u, 0)"),
    ("q = tanh u", "q = tanh u"),
    ("q = sigmoids(u)", "q = sigmoids(u)"),
    # a subscript or a brace after the word: only log, ln, exp (a base, a braced argument)
    ("q = log_{2}u + exp{u}", "q = \\log_{2}u + \\exp{u}"),
    ("q = relu_1(u) + max_{i}(u_i)", "q = relu_1(u) + max_{i}(u_i)"),
]


@pytest.mark.parametrize(("written", "read"), SPELLED)
def test_function_names_without_their_backslash(written: str, read: str) -> None:
    assert spelled(written) == read


def test_a_chain_of_bare_functions_is_a_definition_and_a_claim() -> None:
    c = classify("v = tanh(u) = 2*sigmoid(2u) - 1", 1, {}, [])
    assert c.role is Role.CLAIM
    assert c.claim == "\\tanh(u) = 2*\\operatorname{sigmoid}(2u) - 1"
    assert c.defines is not None and c.defines.name == "v"
    assert c.defines.uses == {"u"}  # no t, a, n, h


def test_a_bare_word_that_is_no_function_stays_prose() -> None:
    c = classify("v = tanh u", 1, {}, [])
    assert c.role is Role.NOT_CHECKED
    assert "tanh" in c.note


def test_bare_functions_are_checked_as_the_functions(tmp_path: Path) -> None:
    note = tmp_path / "act.md"
    note.write_text(
        "$$v = tanh(u) = 2*sigmoid(2u) - 1$$\n\n$$\\frac{dv}{du} = 1 - v^2$$\n\n"
        "$$r = tanh(u) - 2*sigmoid(u)$$\n\n$$\\frac{dr}{du} = 1 - tanh(u)^2$$\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    code = main(["scan", str(note), "--json", "--timeout", "0", "--no-cache"], stdout=out)
    found = {f["line"]: f for f in json.loads(out.getvalue())["formulas"]}
    assert code == 1
    assert found[1]["outcome"] == "verified"  # tanh u = 2 sigmoid(2u) - 1
    assert found[3]["outcome"] == "verified"
    assert found[5]["outcome"] == "definition"
    refuted = found[7]  # the derivative of 2 sigmoid(u) is missing
    assert refuted["outcome"] == "refuted"
    assert refuted["result"]["counterexample"] is not None
