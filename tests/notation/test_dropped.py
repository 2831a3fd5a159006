"""What the reader reads as nothing is listed (derive/notation/dropped.py): every annotation,
sizing command, spacing, style command, display layout and sentence punctuation, each run with
where it was written and why it could be dropped; a formula with none lists none."""

from __future__ import annotations

import json

import pytest

from derive.cli import main
from derive.notation.statements import Notation

CASES = [
    ("a \\text{ where } = b\\mbox{ ok}~c", [("\\text{ where }", "annotation"), ("\\mbox{ ok}~", "annotation")]),
    ("\\left( a \\right) + \\big( b \\big) \\, \\quad = 1", [("\\left", "sizing"), ("\\right", "sizing"), ("\\big", "sizing"), ("\\big", "sizing"), ("\\, \\quad", "spacing")]),
    ("J = L + s.", [(".", "sentence punctuation")]),
    ("\\mathbf{z}= \\mathbf{W}\\mathbf{x},", [(",", "sentence punctuation")]),
    ("\\displaystyle\\sum\\limits_{j=1}^{n} w_j = 1", [("\\displaystyle", "style"), ("\\limits", "style")]),
    ("a = b \\quad[\\text{chain rule}]", [("\\quad[\\text{chain rule}]", "annotation")]),
    ("\\begin{align*} a &= b \\\\[1em] &= c \\end{align*}", [("\\begin{align*}", "layout"), ("[1em]", "spacing"), ("\\end{align*}", "layout")]),
    ("a = b, \\quad c = d", []),  # a join: two claims, nothing dropped
    ("L_{\\text{CE}} = y", []),  # a label: part of the name
]  # fmt: skip


@pytest.mark.parametrize(("latex", "want"), CASES, ids=[c[0] for c in CASES])
def test_dropped_runs(latex: str, want: list[tuple[str, str]]) -> None:
    got = Notation({}).statement(latex).dropped
    assert [(d.text, d.why) for d in got] == want
    for d in got:
        assert latex[d.start : d.end] == d.text  # positions point at the text as written


def test_verify_explain_lists_the_dropped_text(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "verify",
            "--explain",
            "--timeout",
            "0",
            "--given",
            "L = \\frac{1}{2}\\left(w x - y\\right)^2 \\quad \\text{(the loss)}",
            "\\frac{\\partial L}{\\partial w} = (w x - y)\\, x.",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    section = out.split("dropped (read as nothing):\n")[1].splitlines()
    assert section == [
        "  claim: \\, (spacing)",
        "  claim: . (sentence punctuation)",
        "  given 1: \\left (sizing)",
        "  given 1: \\right (sizing)",
        "  given 1: \\quad \\text{(the loss)} (annotation)",
    ]


def test_verify_explain_json_has_the_dropped_runs(capsys: pytest.CaptureFixture[str]) -> None:
    main(["verify", "--explain", "--json", "--timeout", "0", "a \\text{ where } = a"])
    doc = json.loads(capsys.readouterr().out)
    assert doc["dropped"] == [
        {"where": "claim", "text": "\\text{ where }", "why": "annotation", "start": 2, "end": 16}
    ]
