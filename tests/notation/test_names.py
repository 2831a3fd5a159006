"""The names table (notation/names.py): one SymPy object per name, with its declared domain; plain
and decorated names as read."""

from __future__ import annotations

import pytest
import sympy

from derive.errors import LatexError
from tests.notation.reading import check, idx, read

# -- plain names and decorated names ---------------------------------------------------------------


def test_single_letter_is_a_real_symbol() -> None:
    expr, n = read("x")
    assert expr == sympy.Symbol("x", real=True)
    assert expr is n.symbol("x")


def test_declared_domain_gives_the_symbol_its_assumptions() -> None:
    expr, _ = read("y")
    assert expr == sympy.Symbol("y", integer=True, nonnegative=True)
    assert expr != sympy.Symbol("y", real=True)


def test_juxtaposed_letters_are_a_product() -> None:
    check("ab", lambda n: n.symbol("a") * n.symbol("b"))


@pytest.mark.parametrize(
    "macro",
    ["\\hat", "\\bar", "\\tilde", "\\widehat", "\\widetilde", "\\overline", "\\check", "\\breve"],
)
def test_decorated_name_is_its_own_symbol(macro: str) -> None:
    expr, n = read(f"{macro}{{x}}")
    assert expr == n.symbol(f"{macro}{{x}}")
    assert expr != n.symbol("x")
    diff, _ = read(f"{macro}{{x}} - x")
    assert diff == n.symbol(f"{macro}{{x}}") - n.symbol("x")
    assert diff != 0


def test_decorated_name_takes_the_spec_declared_for_it() -> None:
    expr, _ = read("\\hat{y}")
    assert expr == sympy.Symbol("\\hat{y}", positive=True)  # "unit" is the open interval (0, 1)


def test_decorated_name_with_subscript() -> None:
    check("\\hat{x}_i", lambda n: idx(n, "\\hat{x}", "i"))


def test_decoration_of_several_letters_is_an_error() -> None:
    with pytest.raises(LatexError) as info:
        read("\\hat{xy}")
    assert info.value.fragment == "\\hat{xy}"
    assert "decorate one name" in info.value.message
