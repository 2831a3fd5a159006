"""The normalisation of tokens (notation/normalisation.py): function words written in plain letters
are the functions, never the product of their letters."""

from __future__ import annotations

import pytest
import sympy

from tests.notation.reading import exprs
from tests.notation.reading import read_statement as read


@pytest.mark.parametrize(
    ("latex", "build"),
    [
        ("sin(x^2)", lambda x: sympy.sin(x**2)),
        ("2xcos(x^2)", lambda x: 2 * x * sympy.cos(x**2)),
        ("ln(x)", lambda x: sympy.log(x)),
        ("max(0, x)", lambda x: sympy.Max(0, x)),
    ],
)
def test_function_words_in_plain_letters(latex: str, build) -> None:  # type: ignore[no-untyped-def]
    st, no = read(f"y = {latex}")
    assert exprs(st)[1] == build(no.names.symbol("x"))


@pytest.mark.parametrize(
    ("latex", "build"),
    [
        ("sin x", lambda x: sympy.sin(x)),
        ("log x", lambda x: sympy.log(x)),
        ("exp x", lambda x: sympy.exp(x)),
        ("tanh x", lambda x: sympy.tanh(x)),
    ],
)
def test_function_word_standing_alone_takes_the_next_factor(latex: str, build) -> None:  # type: ignore[no-untyped-def]
    """`sin x` as `\\sin x`, never the product s i n x (it was read so, silently)."""
    st, no = read(f"y = {latex}")
    assert exprs(st)[1] == build(no.names.symbol("x"))


def test_function_word_before_a_spaced_parenthesis() -> None:
    st, no = read("y = exp (- x) + log (x)")  # CS229 notes (Kivy-CN): `exp (`, `log (`
    x = no.names.symbol("x")
    assert exprs(st)[1] == sympy.exp(-x) + sympy.log(x)
