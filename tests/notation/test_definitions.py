"""Definitions (derive/notation/definitions.py): a name, an indexed family, one element, a
recurrence or a function, read into target, parameters and value; malformed ones are errors
with a caret."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest
import sympy

from derive.errors import DefinitionError, LatexError
from derive.notation.names import Family
from derive.notation.statements import Notation
from tests.notation.reading import caret, make_specs

ML = {"sigma": "sigmoid", "y": "binary", "f": "function", "OUT": "real"}


def notation(given: Sequence[str] = (), table: Mapping[str, str] | None = None) -> Notation:
    return Notation(make_specs(ML if table is None else table), given)


def test_definition_targets_may_mix_numbers_names_and_offsets() -> None:
    n = notation()
    d = n.definition("x_{k+1} = x_k - 1")
    assert d.params == (n.names.symbol("k"),)
    d = n.definition("z^{[1]}_j = 2")
    assert d.params == (n.names.symbol("j"),)
    d = n.definition("x_0 = -9")
    assert d.params == ()


def test_definitions_of_primed_variables() -> None:
    n = notation(["x'_0 = x_0 + x_1", "z' = w a"], {})
    d = n.definition("x'_0 = x_0 + x_1")
    x, xp = Family("x", False, False), Family("x'", False, False)
    assert d.target == n.names.indexed(xp, (sympy.Integer(0),))
    assert d.params == ()
    assert d.value == n.names.indexed(x, (sympy.Integer(0),)) + n.names.indexed(
        x, (sympy.Integer(1),)
    )
    d = n.definition("z' = w a")
    assert d.target == n.names.symbol("z'") != n.names.symbol("z")


def test_definition_of_a_name() -> None:
    n = notation()
    d = n.definition("c = a + b")
    assert d.target == n.names.symbol("c")
    assert d.params == ()
    assert d.value == n.names.symbol("a") + n.names.symbol("b")
    assert d.latex == "c = a + b"


def test_definition_of_a_family_for_every_index() -> None:
    n = notation()
    d = n.definition("A_j = 2 x_j")
    j = n.names.symbol("j")
    assert d.target == n.names.indexed(Family("A", False, False), (j,))
    assert d.params == (j,)
    assert d.value == 2 * n.names.indexed(Family("x", False, False), (j,))


def test_definition_of_one_element() -> None:
    n = notation()
    d = n.definition("x_0 = -9")
    assert d.target == n.names.indexed(Family("x", False, False), (sympy.Integer(0),))
    assert d.params == ()
    assert d.value == -9


def test_definition_of_a_function() -> None:
    n = notation(["g(x, y) = x y"])
    d = n.definition("g(x, y) = x y")
    x, y = n.names.symbol("x"), n.names.symbol("y")
    assert d.target == sympy.Function("g")
    assert d.params == (x, y)
    assert d.value == x * y


@pytest.mark.parametrize(
    "latex",
    [
        pytest.param("a = b = c", id="chain"),
        pytest.param("a \\le b", id="inequality"),
        pytest.param("a", id="no-relation"),
    ],
)
def test_definition_needs_exactly_one_equals(latex: str) -> None:
    with pytest.raises(DefinitionError, match="one '='"):
        notation().definition(latex)


@pytest.mark.parametrize(
    ("latex", "given", "fragment", "words"),
    [
        pytest.param("x_{jj} = 1", (), "x_{jj}", "repeated", id="repeated-index"),
        pytest.param("h(x) = x", (), "h", "not a function name", id="not-a-function"),
        pytest.param("g(x+1) = 2", ("g(x) = x",), "(x+1)", "plain names", id="bad-argument"),
        pytest.param("a + b = c", (), "a + b", "one name or f(x)", id="expression-left"),
        pytest.param("g'(x) = 2x", ("g'(x) = 2x",), "g'", "derivative", id="derivative-undeclared"),
        pytest.param("f'(x) = 2x", ("f'(x) = 2x",), "f'", "derivative", id="derivative-declared"),
    ],
)
def test_bad_definitions(latex: str, given: tuple[str, ...], fragment: str, words: str) -> None:
    with pytest.raises(LatexError) as info:
        notation(given).definition(latex)
    assert words in info.value.message
    assert info.value.fragment == fragment
    assert caret(info.value) == (latex.index(fragment), len(fragment))
