"""Heads of a chain that are not sides of it (derive/notation/heads.py): the opening `&=` of an
aligned row and a conditional probability the chain defines by its first link, both listed as
read as nothing."""

from __future__ import annotations

import pytest
import sympy

from derive.errors import LatexError
from derive.notation.statements import Rel
from tests.notation.reading import exprs
from tests.notation.reading import read_statement as read


def test_rows_after_the_first_of_an_aligned_display() -> None:
    latex = "&= (u+v)^2 \\\\ &= u^2 + 2uv + v^2"
    st, no = read(latex)
    u, v = no.names.symbol("u"), no.names.symbol("v")
    assert exprs(st) == [(u + v) ** 2, u**2 + 2 * u * v + v**2]
    assert st.relations == (Rel.EQ,)
    (opening,) = [d for d in st.dropped if d.why == "opening relation"]
    assert opening.text == "&=" and no.dropped(latex)[0] == opening  # listed by --explain
    for bad in ("= (u+v)^2 = u^2", "&= (u+v)^2"):  # no alignment mark; nothing to chain
        with pytest.raises(LatexError):
            read(bad)


def test_a_chain_opening_with_a_conditional_probability_is_defined_by_it() -> None:
    latex = "P(t=1|u;w) &= \\frac{1}{1+e^{-wu}} \\\\ &= \\frac{e^{wu}}{e^{wu}+1}"
    st, no = read(latex)
    u, w = no.names.symbol("u"), no.names.symbol("w")
    assert exprs(st) == [1 / (1 + sympy.exp(-w * u)), sympy.exp(w * u) / (sympy.exp(w * u) + 1)]
    (head,) = [d for d in st.dropped if d.why == "defined by its first link"]
    assert head.text == "P(t=1|u;w) &=" and head in no.dropped(latex)  # listed by --explain


@pytest.mark.parametrize(
    ("latex", "table", "given"),
    [
        ("P(t=1|u) = q = 1 - P(t=0|u)", {}, ()),  # written again: the chain uses it
        ("P(t=1|u) = q = r", {"P": "function"}, ()),  # declared
        ("P(t=1|u) = q", {}, ()),  # one relation: nothing to check
        ("P(t=1|u) = q = r", {}, ("s = P + u",)),  # used by a definition
        ("P(t=1, u) = q = r", {}, ()),  # no conditional bar
    ],
)
def test_other_probability_heads_are_not_definitions(
    latex: str, table: dict[str, str], given: tuple[str, ...]
) -> None:
    try:
        st, _ = read(latex, table, given)
    except LatexError:
        return  # not read: an error, never a chain without its head
    assert not [d for d in st.dropped if d.why == "defined by its first link"]
