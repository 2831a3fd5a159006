"""Joins between equations of one display and the end of a formula (notation/joins.py): which
commas, `\\quad`s, joining words and row breaks separate two claims, and which do not."""

from __future__ import annotations

import pytest

from derive.notation.joins import formula_end, joins
from derive.notation.tokens import Token, tokenize


def _split(latex: str) -> tuple[list[Token], list[str]]:
    """The tokens of `latex` and the text of each join found between its top-level `=`."""
    tokens = tokenize(latex)
    relations = [k for k, t in enumerate(tokens) if t.is_char("=")]
    found = joins(tokens, 0, len(tokens), relations)
    return tokens, [" ".join(t.text for t in tokens[a:b]) for a, b in found]


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        pytest.param("a = b, c = d", [","], id="comma"),
        pytest.param("a = b \\quad c = d", ["\\quad"], id="quad"),
        pytest.param("a = b, \\quad c = d", [", \\quad"], id="comma-quad-run"),
        pytest.param("a = b \\\\ c = d", ["\\\\"], id="row-break"),
        pytest.param("a = b, c = d, e = f", [",", ","], id="three-equations"),
    ],
)
def test_a_run_with_a_relation_on_both_sides_is_a_join(latex: str, expected: list[str]) -> None:
    assert _split(latex)[1] == expected


@pytest.mark.parametrize(
    "latex",
    [
        pytest.param("f(a, b) = c", id="comma-inside-a-group"),
        pytest.param("a, b = c", id="no-relation-before"),
        pytest.param("a = b \\quad c", id="no-relation-after"),
        pytest.param("a &= b \\\\ &= c", id="row-continuing-the-chain"),
    ],
)
def test_a_run_without_relations_on_both_sides_is_no_join(latex: str) -> None:
    assert _split(latex)[1] == []


@pytest.mark.parametrize(
    ("latex", "kept"),
    [
        pytest.param("J = L + s.", "J = L + s", id="period"),
        pytest.param("J = L + s ,", "J = L + s", id="comma"),
        pytest.param("J = L + s \\quad .", "J = L + s", id="spaced-period"),
        pytest.param("J = L + s \\\\", "J = L + s", id="row-end"),
        pytest.param("J = L + s", "J = L + s", id="nothing-to-drop"),
    ],
)
def test_formula_end_drops_the_sentence_punctuation(latex: str, kept: str) -> None:
    tokens = tokenize(latex)
    end = formula_end(tokens, 0, len(tokens))
    assert " ".join(t.text for t in tokens[:end]) == kept
